//! WACZ signatures and certificate data from strangers (`signedData` of `datapackage-digest.json`):
//! the anonymous form (a base64 SPKI key and an ECDSA signature, DER or raw r‖s) and the domain
//! form (a PEM certificate chain, an RFC 3161 timestamp and its certificates, parsed by hand in
//! `wacz_domain`). Never a panic; a signature is only ever "valid" with the key fingerprint or the
//! signing domain that makes it so, and a failure always says why.
#![no_main]

use exhibit::domain::capture::wacz_signature::{verify_anonymous, verify_signed_data};
use exhibit::domain::capture::IntegrityStatus;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(signed) = serde_json::from_str::<serde_json::Value>(&text) {
        let hash = signed.get("hash").and_then(|hash| hash.as_str()).map(str::to_owned);
        for digest_hash in [hash.as_deref(), None, Some("sha256:00")] {
            let outcome = verify_signed_data(&signed, digest_hash);
            if outcome.status == IntegrityStatus::Passed {
                assert!(
                    outcome.key_fingerprint.is_some() || outcome.signer_domain.is_some(),
                    "a valid signature names neither key nor domain: {}",
                    outcome.message
                );
            }
            if outcome.status == IntegrityStatus::Failed {
                assert!(!outcome.message.is_empty(), "a failed signature must say why");
            }
        }
    }
    // The anonymous form's parts as raw text: key, signature, message split at the first two NULs.
    let mut parts = data.splitn(3, |byte| *byte == 0);
    let (key, signature, message) = (parts.next().unwrap_or(&[]), parts.next().unwrap_or(&[]), parts.next().unwrap_or(&[]));
    if let Ok(key) = verify_anonymous(&String::from_utf8_lossy(key), &String::from_utf8_lossy(signature), message) {
        assert_eq!(key.fingerprint.len(), 64, "a key fingerprint is a SHA-256 in hex");
    }
});
