//! smskit writes the documentation of an ISO/IEC 20000-1:2018 service management system.
//!
//! Data flows one way: answers (`answers`) → the documents they call for (`catalog`) →
//! template context (`context`) → Markdown per document (`render`) → files (`pack`).

pub mod answers;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod context;
pub mod control;
pub mod dates;
pub mod docx;
pub mod error;
pub mod escape;
pub mod i18n;
pub mod markdown;
pub mod pack;
pub mod raci;
pub mod register;
pub mod render;
pub mod templates;
pub mod wizard;
pub mod xlsx;
pub mod yaml;
