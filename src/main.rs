fn main() {
    std::process::exit(smskit::cli::main());
}
