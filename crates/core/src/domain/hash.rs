//! SHA-256 of raw bytes, as lowercase hex. Every artifact and every citation is pinned to one.
//!
//! A caller that already knows the digest of a whole buffer (the browser worker hashes large input
//! files with WebCrypto, which is faster than this code compiled to wasm) lends it for the length
//! of one call with [`with_known_sha256`]: while it runs, hashing exactly that buffer (the same
//! bytes in memory, start and length) returns the lent digest instead of hashing again. Any other
//! slice, even of the same buffer, is hashed here.

use std::cell::RefCell;
use std::sync::Arc;

use sha2::{Digest, Sha256};

thread_local! {
    static KNOWN: RefCell<Vec<(Arc<[u8]>, String)>> = const { RefCell::new(Vec::new()) };
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    if let Some(known) = known_digest(bytes) {
        return known;
    }
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from_digit((byte >> 4) as u32, 16).unwrap_or('0'));
        out.push(char::from_digit((byte & 0xf) as u32, 16).unwrap_or('0'));
    }
    out
}

fn known_digest(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return None;
    }
    KNOWN.with(|known| {
        known
            .borrow()
            .iter()
            .find(|(buffer, _)| std::ptr::eq(buffer.as_ptr(), bytes.as_ptr()) && buffer.len() == bytes.len())
            .map(|(_, digest)| digest.clone())
    })
}

fn is_sha256_hex(digest: &str) -> bool {
    digest.len() == 64 && digest.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

/// Runs `run` with the digests of these buffers known (lowercase hex SHA-256; anything else is
/// ignored). The buffers are held until `run` returns, so their memory is not reused meanwhile.
pub fn with_known_sha256<R>(known: Vec<(Arc<[u8]>, String)>, run: impl FnOnce() -> R) -> R {
    struct Restore(Vec<(Arc<[u8]>, String)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = std::mem::take(&mut self.0);
            KNOWN.with(|known| *known.borrow_mut() = previous);
        }
    }
    let lent: Vec<(Arc<[u8]>, String)> =
        known.into_iter().filter(|(buffer, digest)| !buffer.is_empty() && is_sha256_hex(digest)).collect();
    let previous = KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        let previous = known.clone();
        known.extend(lent);
        previous
    });
    let _restore = Restore(previous);
    run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_lent_digest_is_used_for_exactly_that_buffer_and_only_while_lent() {
        let buffer: Arc<[u8]> = Arc::from(&b"abcdef"[..]);
        let lent = "1".repeat(64);
        let real = sha256_hex(&buffer);
        with_known_sha256(vec![(buffer.clone(), lent.clone())], || {
            assert_eq!(sha256_hex(&buffer), lent, "the whole buffer uses the lent digest");
            assert_eq!(sha256_hex(&buffer[..5]), sha256_hex(b"abcde"), "a prefix is hashed here");
            assert_eq!(sha256_hex(&buffer[1..]), sha256_hex(b"bcdef"), "a suffix is hashed here");
            let copy = buffer.to_vec();
            assert_eq!(sha256_hex(&copy), real, "equal bytes elsewhere in memory are hashed here");
        });
        assert_eq!(sha256_hex(&buffer), real, "nothing is lent after the call");
    }

    #[test]
    fn malformed_lent_digests_are_ignored_and_a_panic_still_restores() {
        let buffer: Arc<[u8]> = Arc::from(&b"xyz"[..]);
        let real = sha256_hex(&buffer);
        for bad in ["", "ABC", &"A".repeat(64), &"g".repeat(64), &"1".repeat(63)] {
            with_known_sha256(vec![(buffer.clone(), bad.to_string())], || assert_eq!(sha256_hex(&buffer), real));
        }
        let outcome = std::panic::catch_unwind(|| {
            with_known_sha256(vec![(buffer.clone(), "2".repeat(64))], || panic!("inside"));
        });
        assert!(outcome.is_err());
        assert_eq!(sha256_hex(&buffer), real, "a panic inside does not leave the digest lent");
    }
}
