//! Replays every committed fuzz input — the corpora in `fuzz/corpus/<target>/` and any crash
//! in `fuzz/artifacts/<target>/` — through the fuzz targets' own entry points
//! (`fuzz/entry.rs`), on stable, so that every finding stays fixed.

#[path = "../fuzz/entry.rs"]
mod entry;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for folder in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                run(&std::fs::read(&path).unwrap());
                count += 1;
            }
        }
    }
    count
}

#[test]
fn verify_corpus() {
    assert!(
        replay("verify", entry::verify) > 0,
        "the seed corpus is committed"
    );
}

#[test]
fn header_corpus() {
    assert!(replay("header", entry::header) > 0);
}

#[test]
fn claims_corpus() {
    assert!(replay("claims", entry::claims) > 0);
}

#[test]
fn jwks_corpus() {
    assert!(replay("jwks", entry::jwks) > 0);
}
