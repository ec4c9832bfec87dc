// glibc's allocator spent a quarter of a pack's time in malloc and free across the
// rendering threads; mimalloc takes a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(smskit::cli::main());
}
