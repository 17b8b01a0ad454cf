//! Heap allocations per successful verify, for each implementation and algorithm, on the
//! `cognito` token: `cargo run --release --manifest-path benches/peers/Cargo.toml --bin allocs`.
//!
//! Rust's heap is counted by a counting `#[global_allocator]`. The peers' C libraries (aws-lc
//! under jsonwebtoken, BoringSSL under jwt-simple's RSA) allocate with `malloc` and never reach
//! that allocator, so on Linux with glibc this program also defines `malloc`, `calloc` and
//! `realloc` (forwarding to glibc's `__libc_*`) and counts the calls that do not come from the
//! Rust allocator: the "C" share. Elsewhere only Rust's heap is counted.
//!
//! An allocation is a call that obtains memory: `alloc`, `alloc_zeroed` or `realloc` (and
//! `malloc`, `calloc` or `realloc` in C); frees are not counted. Each implementation runs a
//! few times first, so that one-time set-up (lazy statics, the clock, a crypto provider) is
//! not counted, then `RUNS` times while counting; every one of those verifications must
//! succeed.

use jwtgate_peers::{Case, ALGS, IMPLEMENTATIONS};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

const WARM_UP: u64 = 20;
const RUNS: u64 = 1_000;

static COUNTING: AtomicBool = AtomicBool::new(false);
static RUST_CALLS: AtomicU64 = AtomicU64::new(0);
static RUST_BYTES: AtomicU64 = AtomicU64::new(0);
static C_CALLS: AtomicU64 = AtomicU64::new(0);
static C_BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Set while the Rust allocator runs, so that the `malloc` it calls is not counted twice.
    static IN_RUST_ALLOCATOR: Cell<bool> = const { Cell::new(false) };
}

fn count(calls: &AtomicU64, bytes: &AtomicU64, size: usize) {
    calls.fetch_add(1, Relaxed);
    bytes.fetch_add(size as u64, Relaxed);
}

struct Counting;

impl Counting {
    fn inside<T>(f: impl FnOnce() -> T) -> T {
        IN_RUST_ALLOCATOR.with(|flag| flag.set(true));
        let result = f();
        IN_RUST_ALLOCATOR.with(|flag| flag.set(false));
        result
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            count(&RUST_CALLS, &RUST_BYTES, layout.size());
        }
        Counting::inside(|| unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            count(&RUST_CALLS, &RUST_BYTES, layout.size());
        }
        Counting::inside(|| unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            count(&RUST_CALLS, &RUST_BYTES, new_size);
        }
        Counting::inside(|| unsafe { System.realloc(ptr, layout, new_size) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Counting::inside(|| unsafe { System.dealloc(ptr, layout) })
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// C's `malloc` family, counted when called from C code while counting is on.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod c_heap {
    use super::{count, COUNTING, C_BYTES, C_CALLS, IN_RUST_ALLOCATOR};
    use std::ffi::c_void;
    use std::sync::atomic::Ordering::Relaxed;

    extern "C" {
        fn __libc_malloc(size: usize) -> *mut c_void;
        fn __libc_calloc(n: usize, size: usize) -> *mut c_void;
        fn __libc_realloc(ptr: *mut c_void, size: usize) -> *mut c_void;
    }

    fn from_c() -> bool {
        COUNTING.load(Relaxed) && !IN_RUST_ALLOCATOR.with(|flag| flag.get())
    }

    #[no_mangle]
    pub unsafe extern "C" fn malloc(size: usize) -> *mut c_void {
        if from_c() {
            count(&C_CALLS, &C_BYTES, size);
        }
        unsafe { __libc_malloc(size) }
    }

    #[no_mangle]
    pub unsafe extern "C" fn calloc(n: usize, size: usize) -> *mut c_void {
        if from_c() {
            count(&C_CALLS, &C_BYTES, n.saturating_mul(size));
        }
        unsafe { __libc_calloc(n, size) }
    }

    #[no_mangle]
    pub unsafe extern "C" fn realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
        if from_c() {
            count(&C_CALLS, &C_BYTES, size);
        }
        unsafe { __libc_realloc(ptr, size) }
    }

    pub const COUNTED: bool = true;
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod c_heap {
    pub const COUNTED: bool = false;
}

/// Per verify: (Rust calls, C calls, Rust bytes, C bytes).
fn measure(case: &Case, verify: fn(&Case) -> bool) -> [f64; 4] {
    for _ in 0..WARM_UP {
        assert!(verify(case));
    }
    for counter in [&RUST_CALLS, &RUST_BYTES, &C_CALLS, &C_BYTES] {
        counter.store(0, Relaxed);
    }
    let mut accepted = 0u64;
    COUNTING.store(true, Relaxed);
    for _ in 0..RUNS {
        accepted += u64::from(verify(case));
    }
    COUNTING.store(false, Relaxed);
    assert_eq!(accepted, RUNS, "every counted verify must succeed");
    [&RUST_CALLS, &C_CALLS, &RUST_BYTES, &C_BYTES].map(|c| c.load(Relaxed) as f64 / RUNS as f64)
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn main() {
    // A self-check that C allocations are seen: libc's strdup calls our malloc.
    if c_heap::COUNTED {
        extern "C" {
            fn strdup(s: *const std::ffi::c_char) -> *mut std::ffi::c_char;
            fn free(p: *mut std::ffi::c_void);
        }
        C_CALLS.store(0, Relaxed);
        COUNTING.store(true, Relaxed);
        // black_box: an unused strdup and its free would be optimised away.
        let copy = std::hint::black_box(unsafe { strdup(std::hint::black_box(c"probe".as_ptr())) });
        COUNTING.store(false, Relaxed);
        unsafe { free(copy.cast()) };
        assert_eq!(
            C_CALLS.load(Relaxed),
            1,
            "the malloc interposition does not see C"
        );
    }

    let cases: Vec<Case> = ALGS.iter().map(|&alg| Case::new(alg, "cognito")).collect();
    let mut rows = Vec::new();
    for (name, verify) in IMPLEMENTATIONS {
        let per_alg: Vec<[f64; 4]> = cases.iter().map(|case| measure(case, verify)).collect();
        rows.push((name, per_alg));
    }

    let header = format!(
        "| implementation | {} |\n|---|{}",
        ALGS.map(|alg| alg.name()).join(" | "),
        "---:|".repeat(ALGS.len())
    );
    println!(
        "Heap allocations per successful verify, `cognito` token ({RUNS} runs each; \
         allocations = alloc/alloc_zeroed/realloc calls{}):\n",
        if c_heap::COUNTED {
            "; \"C: n\" = how many of them were C's malloc/calloc/realloc, \
             from aws-lc or BoringSSL"
        } else {
            "; Rust heap only: C allocations are not counted on this platform"
        }
    );
    println!("{header}");
    for (name, per_alg) in &rows {
        let cells: Vec<String> = per_alg
            .iter()
            .map(|&[rust, c, _, _]| {
                if c == 0.0 {
                    number(rust + c)
                } else {
                    format!("{} (C: {})", number(rust + c), number(c))
                }
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    println!("\nBytes requested per successful verify (Rust + C), same runs:\n");
    println!("{header}");
    for (name, per_alg) in &rows {
        let cells: Vec<String> = per_alg
            .iter()
            .map(|&[_, _, rust, c]| number((rust + c).round()))
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
}
