// The templates, locales and catalogue are embedded in the binary: rebuild when they change.
fn main() {
    for dir in ["templates", "locales", "catalog", "examples"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
