//! Test-only code that needs the crate's internals or reads its vectors from inside the
//! crate: the Project Wycheproof runs. Unit tests of one module stay beside it.

mod wycheproof;
