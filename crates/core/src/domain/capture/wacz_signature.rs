//! WACZ signatures (WACZ Signing and Verification 0.1.0): the `signedData` of
//! `datapackage-digest.json`, a signature over the hash string of `datapackage.json`.
//!
//! This module owns the anonymous form, checked in the core so the app's worker and the CLI agree:
//! `publicKey` is a base64 DER SubjectPublicKeyInfo (ECDSA P-256 or P-384) and `signature` a base64
//! ECDSA signature of the ASCII hash string (`sha256:…`). P-256 is verified with SHA-256 and accepts a
//! DER signature (as authsign writes) or raw r‖s; P-384 is verified with a SHA-256 prehash (as
//! WebCrypto's `ECDSA` with `hash: SHA-256` signs, which ArchiveWeb.page uses) and accepts raw r‖s
//! (WebCrypto's form) or DER; a SHA-384 P-384 signature is accepted too. The domain form
//! (certificate chain + RFC 3161 timestamp) is checked natively by `wacz_domain`; on wasm it is
//! reported as not checked. It never reports a signature valid without verifying it.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::domain::capture::integrity::IntegrityStatus;
use crate::domain::hash::sha256_hex;

/// The outcome of checking a `signedData` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureOutcome {
    pub status: IntegrityStatus,
    /// One sentence: valid (by which key or domain), invalid (why), or not checked (why).
    pub message: String,
    /// SHA-256 (hex) of the signing key's DER SubjectPublicKeyInfo.
    pub key_fingerprint: Option<String>,
    /// The signing domain, for the domain form.
    pub signer_domain: Option<String>,
}

impl SignatureOutcome {
    pub(crate) fn failed(message: impl Into<String>) -> Self {
        SignatureOutcome {
            status: IntegrityStatus::Failed,
            message: message.into(),
            key_fingerprint: None,
            signer_domain: None,
        }
    }
}

/// A verified anonymous signature: the key's fingerprint and curve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedKey {
    pub fingerprint: String,
    pub curve: &'static str,
}

fn base64_decode(value: &str) -> Option<Vec<u8>> {
    let cleaned: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(&cleaned)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cleaned.trim_end_matches('=')))
        .ok()
}

/// Verifies an anonymous-form signature of `message` by the base64 DER SPKI `public_key`.
pub fn verify_anonymous(public_key: &str, signature: &str, message: &[u8]) -> Result<VerifiedKey, String> {
    let spki = base64_decode(public_key).ok_or("publicKey is not base64")?;
    let signature = base64_decode(signature).ok_or("signature is not base64")?;
    let fingerprint = sha256_hex(&spki);
    let curve = verify_with_spki(&spki, &signature, message, None)?;
    Ok(VerifiedKey { fingerprint, curve })
}

/// The hash an ECDSA signature was computed over, when the signer says (X.509 signature algorithms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcHash {
    Sha256,
    Sha384,
}

/// Verifies an ECDSA signature (DER or raw r‖s) of `message` with a DER SubjectPublicKeyInfo key
/// (P-256 or P-384). `hash` pins the hash; `None` uses the WACZ conventions (SHA-256 for P-256;
/// SHA-256 prehash, then SHA-384, for P-384). Returns the curve's name.
pub fn verify_with_spki(
    spki: &[u8],
    signature: &[u8],
    message: &[u8],
    hash: Option<EcHash>,
) -> Result<&'static str, String> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::pkcs8::DecodePublicKey;

    let sha256 = Sha256::digest(message);
    if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(spki) {
        let parsed =
            p256::ecdsa::Signature::from_der(signature).or_else(|_| p256::ecdsa::Signature::from_slice(signature));
        let Ok(parsed) = parsed else {
            return Err(format!("signature is neither DER nor raw r‖s for P-256 ({} bytes)", signature.len()));
        };
        let prehash = match hash {
            Some(EcHash::Sha384) => sha2::Sha384::digest(message).to_vec(),
            _ => sha256.to_vec(),
        };
        return key
            .verify_prehash(&prehash, &parsed)
            .map(|_| "P-256")
            .map_err(|_| "the ECDSA P-256 signature does not verify with this key".to_string());
    }
    if let Ok(key) = p384::ecdsa::VerifyingKey::from_public_key_der(spki) {
        let parsed =
            p384::ecdsa::Signature::from_slice(signature).or_else(|_| p384::ecdsa::Signature::from_der(signature));
        let Ok(parsed) = parsed else {
            return Err(format!("signature is neither raw r‖s nor DER for P-384 ({} bytes)", signature.len()));
        };
        let sha384 = sha2::Sha384::digest(message);
        let prehashes: Vec<&[u8]> = match hash {
            Some(EcHash::Sha256) => vec![sha256.as_slice()],
            Some(EcHash::Sha384) => vec![sha384.as_slice()],
            None => vec![sha256.as_slice(), sha384.as_slice()],
        };
        return if prehashes.iter().any(|prehash| key.verify_prehash(prehash, &parsed).is_ok()) {
            Ok("P-384")
        } else {
            Err("the ECDSA P-384 signature does not verify with this key".to_string())
        };
    }
    Err("the public key is not an ECDSA P-256 or P-384 SubjectPublicKeyInfo".to_string())
}

/// Checks `signedData` from `datapackage-digest.json`. `digest_hash` is that file's own `hash`
/// (already checked against `datapackage.json` by the caller).
pub fn verify_signed_data(signed: &serde_json::Value, digest_hash: Option<&str>) -> SignatureOutcome {
    let text = |name: &str| signed.get(name).and_then(|value| value.as_str());
    let Some(hash) = text("hash") else {
        return SignatureOutcome::failed("signedData has no hash: nothing was signed");
    };
    if let Some(digest_hash) = digest_hash {
        if !hash.trim().eq_ignore_ascii_case(digest_hash.trim()) {
            return SignatureOutcome::failed(format!(
                "the signed hash {hash} differs from datapackage-digest.json's hash {digest_hash}"
            ));
        }
    }
    let Some(signature) = text("signature") else {
        return SignatureOutcome::failed("signedData has no signature");
    };
    if let Some(public_key) = text("publicKey") {
        return match verify_anonymous(public_key, signature, hash.as_bytes()) {
            Ok(key) => SignatureOutcome {
                status: IntegrityStatus::Passed,
                message: format!(
                    "signed, valid: anonymous ECDSA {} signature of the datapackage hash by key {}",
                    key.curve, key.fingerprint
                ),
                key_fingerprint: Some(key.fingerprint),
                signer_domain: None,
            },
            Err(why) => {
                let fingerprint = base64_decode(public_key).map(|spki| sha256_hex(&spki));
                SignatureOutcome {
                    key_fingerprint: fingerprint,
                    ..SignatureOutcome::failed(format!("signature invalid: {why}"))
                }
            }
        };
    }
    if text("domainCert").is_some() {
        return verify_domain_form(signed, hash, signature);
    }
    SignatureOutcome::failed("signedData has neither publicKey (anonymous form) nor domainCert (domain form)")
}

#[cfg(not(target_arch = "wasm32"))]
fn verify_domain_form(signed: &serde_json::Value, hash: &str, signature: &str) -> SignatureOutcome {
    crate::domain::capture::wacz_domain::verify_domain(signed, hash, signature)
}

#[cfg(target_arch = "wasm32")]
fn verify_domain_form(signed: &serde_json::Value, _hash: &str, _signature: &str) -> SignatureOutcome {
    let domain = signed.get("domain").and_then(|value| value.as_str()).map(str::to_string);
    SignatureOutcome {
        status: IntegrityStatus::NotChecked,
        message: format!(
            "signed by domain {}: the certificate chain and timestamp are checked by `exhibit capture`/`exhibit verify`, not in the browser",
            domain.as_deref().unwrap_or("(none named)")
        ),
        key_fingerprint: None,
        signer_domain: domain,
    }
}
