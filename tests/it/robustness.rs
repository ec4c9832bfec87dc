//! Bad input never panics: malformed YAML, binary garbage, a huge file, deep nesting
//! and alias bombs all end in exit code 2 with a message, and nothing is written.

use proptest::prelude::*;

fn rejected_bytes(bytes: &[u8]) -> String {
    crate::rejected_answers(bytes).0
}

#[test]
fn binary_garbage_is_refused() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = rejected_bytes(&garbage);
    assert!(err.contains("not a text file"), "{err}");
}

#[test]
fn a_ten_megabyte_file_is_refused() {
    let mut big = b"schema: 1\norganisation:\n  name: \"".to_vec();
    big.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    big.extend(b"\"\n");
    let err = rejected_bytes(&big);
    assert!(err.contains("at most"), "{err}");
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!(
        "schema: 1\norganisation: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    rejected_bytes(deep.as_bytes());
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut text = String::from("schema: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        text.push_str(&format!(
            "b{i}: &b{i} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    rejected_bytes(text.as_bytes());
}

#[test]
fn malformed_yaml_names_the_line() {
    let err = rejected_bytes(b"schema: 1\norganisation:\n  name: \"unclosed\nservices: [\n");
    assert!(
        err.contains(".yaml:3:")
            && err.contains("unclosed quote")
            && err.contains("not a YAML file"),
        "{err}"
    );
    let err = rejected_bytes(b"schema: 1\n\torganisation: tab\n");
    assert!(err.contains("YAML"), "{err}");
}

#[test]
fn empty_and_scalar_documents_are_refused() {
    rejected_bytes(b"");
    rejected_bytes(b"just a line of text\n");
    rejected_bytes(b"- a\n- list\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The library's parser never panics, whatever it is given.
    #[test]
    fn parsing_arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = smskit::answers::parse(&text, "fuzz.yaml", &["en".to_string()]);
    }

    /// Nor on text that looks much like an answers file.
    #[test]
    fn parsing_answers_like_text_never_panics(
        lines in proptest::collection::vec(
            "( {0,4})(schema|organisation|name|services|- id|  - name|processes|roles|suppliers|availability_target|&a|\\*a|<<)(: )?([a-z0-9 |{}\\[\\]#&*!%@`'\"-]{0,12})",
            0..30,
        )
    ) {
        let text = lines.join("\n");
        let _ = smskit::answers::parse(&text, "fuzz.yaml", &["en".to_string()]);
    }
}
