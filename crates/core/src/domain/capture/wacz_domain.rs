//! The domain form of a WACZ signature (WACZ Signing and Verification 0.1.0, as authsign writes
//! and checks it), native only (the CLI and native tests; the app reports it as not checked).
//!
//! Checked, in order, stopping at the first failure:
//! 1. `domainCert` parses as a PEM certificate chain; the leaf's key (ECDSA P-256/P-384) verifies
//!    `signature` over the hash string;
//! 2. the leaf names `domain` (subject CN, else a SAN DNS name);
//! 3. each certificate is signed by the next (RSA PKCS#1 v1.5 with SHA-256/384/512, or ECDSA
//!    P-256/P-384 with SHA-256/384); the last one's SHA-256 fingerprint is a pinned domain root
//!    (the Let's Encrypt roots authsign trusts);
//! 4. `created` lies in [leaf notBefore, notBefore + 7 days] (authsign's certificate duration);
//! 5. `timeSignature` is an RFC 3161 TimeStampResp whose TSTInfo imprints SHA-256 of the
//!    `signature` string, and whose genTime is no earlier than `created` and at most 10 minutes
//!    after it;
//! 6. the timestamp token's CMS SignerInfo: the `messageDigest` attribute equals the digest of the
//!    TSTInfo, and the signature over the signed attributes verifies (RSA PKCS#1 v1.5) with the
//!    first `timestampCert`;
//! 7. the `timestampCert` chain verifies and ends at a pinned timestamp root (freetsa.org's).
//!
//! Not checked: revocation (OCSP/CRL), key usage and basic-constraint extensions, name
//! constraints, the certificates' validity at any time other than `created`, `crossSignedCert`,
//! and CMS tokens whose signer is identified by subject key identifier or signs without signed
//! attributes. Nothing here reads a clock: every time compared is one the archive states.

use base64::Engine;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_cert::der::Encode;
use x509_cert::Certificate;

use crate::domain::capture::integrity::IntegrityStatus;
use crate::domain::capture::wacz_signature::{verify_with_spki, EcHash, SignatureOutcome};
use crate::domain::hash::sha256_hex;

/// SHA-256 fingerprints of the domain roots authsign trusts (Let's Encrypt production roots).
pub const DOMAIN_ROOTS: &[&str] = &[
    "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6",
    "69729b8e15a86efc177a57afb7171dfc64add28c2fca8cf1507e34453ccb1470",
    "6d99fb265eb1c5b3744765fcbc648f3cd8e1bffafdc4c2f99b9d47cf7ff1c24f",
    "ee5f7abd6981bb0255632cd8f49283451b4b18844d12040b44ee00f07b8fe2c6",
];

/// SHA-256 fingerprints of the timestamp roots authsign trusts (freetsa.org).
pub const TIMESTAMP_ROOTS: &[&str] = &["a6379e7cecc05faa3cbf076013d745e327bbbaa38c0b9af22469d4701d18aabc"];

const CERT_DURATION_SECONDS: i64 = 7 * 24 * 3600;
const STAMP_DURATION_SECONDS: i64 = 10 * 60;

// OID contents (DER, without tag and length).
const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const OID_SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
const OID_SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
const OID_MESSAGE_DIGEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04];
const OID_RSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const OID_RSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
const OID_RSA_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_ECDSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
const OID_COMMON_NAME: &str = "2.5.4.3";
const OID_SUBJECT_ALT_NAME: &str = "2.5.29.17";

pub fn verify_domain(signed: &serde_json::Value, hash: &str, signature: &str) -> SignatureOutcome {
    let domain = signed.get("domain").and_then(|value| value.as_str()).map(str::to_string);
    let mut outcome = match check(signed, hash, signature, domain.as_deref()) {
        Ok(outcome) => outcome,
        Err((why, fingerprint)) => SignatureOutcome {
            key_fingerprint: fingerprint,
            ..SignatureOutcome::failed(format!("signature invalid: {why}"))
        },
    };
    outcome.signer_domain = domain;
    outcome
}

type Failure = (String, Option<String>);

fn check(
    signed: &serde_json::Value,
    hash: &str,
    signature: &str,
    domain: Option<&str>,
) -> Result<SignatureOutcome, Failure> {
    let text = |name: &str| signed.get(name).and_then(|value| value.as_str());
    let fail = |why: String| (why, None);
    let chain =
        parse_chain(text("domainCert").unwrap_or_default()).map_err(|why| fail(format!("domainCert: {why}")))?;
    let leaf = chain.first().ok_or_else(|| fail("domainCert holds no certificate".to_string()))?;
    let spki = leaf.tbs_certificate().subject_public_key_info().to_der().map_err(|error| fail(error.to_string()))?;
    let fingerprint = sha256_hex(&spki);
    let with_key = |why: String| (why, Some(fingerprint.clone()));

    // 1. The signature of the hash string by the leaf's key.
    let raw_signature = base64::engine::general_purpose::STANDARD
        .decode(signature.trim())
        .map_err(|_| with_key("signature is not base64".to_string()))?;
    verify_with_spki(&spki, &raw_signature, hash.as_bytes(), Some(EcHash::Sha256))
        .map_err(|why| with_key(format!("{why} (domain certificate's key)")))?;

    // 2. The domain.
    let names = certificate_names(leaf);
    let domain = domain.ok_or_else(|| with_key("signedData names no domain".to_string()))?;
    if !names.iter().any(|name| name.eq_ignore_ascii_case(domain)) {
        return Err(with_key(format!("the domain certificate is for {} , not {domain}", names.join(", "))));
    }

    // 3. The chain and its root.
    verify_chain(&chain).map_err(|why| with_key(format!("domainCert chain: {why}")))?;
    let root = chain_root_fingerprint(&chain).map_err(with_key)?;
    if !DOMAIN_ROOTS.contains(&root.as_str()) {
        return Err(with_key(format!(
            "the domain certificate chain ends at a root that is not trusted (SHA-256 fingerprint {root})"
        )));
    }

    // 4. Created within the certificate's first days.
    let created_text = text("created").ok_or_else(|| with_key("signedData has no created date".to_string()))?;
    let created =
        parse_iso8601(created_text).ok_or_else(|| with_key(format!("created `{created_text}` is not a date")))?;
    let not_before = leaf.tbs_certificate().validity().not_before.to_unix_duration().as_secs() as i64;
    if created < not_before || created > not_before + CERT_DURATION_SECONDS {
        return Err(with_key(format!(
            "created {created_text} is not within 7 days after the domain certificate's notBefore"
        )));
    }

    // 5–7. The RFC 3161 timestamp of the signature.
    let stamp = text("timeSignature").ok_or_else(|| with_key("signedData has no timeSignature".to_string()))?;
    let stamp = base64::engine::general_purpose::STANDARD
        .decode(stamp.trim())
        .map_err(|_| with_key("timeSignature is not base64".to_string()))?;
    let ts_chain = parse_chain(text("timestampCert").unwrap_or_default())
        .map_err(|why| with_key(format!("timestampCert: {why}")))?;
    let ts_leaf = ts_chain.first().ok_or_else(|| with_key("timestampCert holds no certificate".to_string()))?;
    let stamped_at = verify_timestamp(&stamp, signature.trim().as_bytes(), ts_leaf)
        .map_err(|why| with_key(format!("timeSignature: {why}")))?;
    if stamped_at < created || stamped_at - created > STAMP_DURATION_SECONDS {
        return Err(with_key(format!(
            "the timestamp ({}) is not within 10 minutes after created ({created_text})",
            format_unix(stamped_at)
        )));
    }
    verify_chain(&ts_chain).map_err(|why| with_key(format!("timestampCert chain: {why}")))?;
    let ts_root = chain_root_fingerprint(&ts_chain).map_err(with_key)?;
    if !TIMESTAMP_ROOTS.contains(&ts_root.as_str()) {
        return Err(with_key(format!(
            "the timestamp certificate chain ends at a root that is not trusted (SHA-256 fingerprint {ts_root})"
        )));
    }

    Ok(SignatureOutcome {
        status: IntegrityStatus::Passed,
        message: format!(
            "signed, valid: by domain {domain} (key {fingerprint}), certificate chain to a trusted root, \
             timestamped {} by a trusted timestamp authority (revocation not checked)",
            format_unix(stamped_at)
        ),
        key_fingerprint: Some(fingerprint),
        signer_domain: Some(domain.to_string()),
    })
}

fn parse_chain(pem: &str) -> Result<Vec<Certificate>, String> {
    let certificates = Certificate::load_pem_chain(pem.as_bytes())
        .map_err(|error| format!("not a PEM certificate chain ({error})"))?;
    if certificates.is_empty() {
        return Err("no certificate".to_string());
    }
    Ok(certificates)
}

fn chain_root_fingerprint(chain: &[Certificate]) -> Result<String, String> {
    let last = chain.last().ok_or("empty chain")?;
    let der = last.to_der().map_err(|error| error.to_string())?;
    Ok(sha256_hex(&der))
}

/// The subject common names, then the SAN DNS names.
fn certificate_names(certificate: &Certificate) -> Vec<String> {
    let mut names = Vec::new();
    for attribute in certificate.tbs_certificate().subject().iter() {
        if attribute.oid.to_string() == OID_COMMON_NAME {
            if let Some(name) = directory_string(attribute.value.value()) {
                names.push(name);
            }
        }
    }
    if let Some(extensions) = certificate.tbs_certificate().extensions() {
        for extension in extensions.iter().filter(|extension| extension.extn_id.to_string() == OID_SUBJECT_ALT_NAME) {
            // GeneralNames ::= SEQUENCE OF GeneralName; dNSName is [2] IMPLICIT IA5String.
            if let Some((0x30, mut content, _)) = tlv(extension.extn_value.as_bytes()) {
                while let Some((tag, value, rest)) = tlv(content) {
                    if tag == 0x82 {
                        names.push(String::from_utf8_lossy(value).into_owned());
                    }
                    content = rest;
                }
            }
        }
    }
    names
}

fn directory_string(bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes).ok().map(str::to_string)
}

/// Verifies that each certificate is signed by the next one's key.
fn verify_chain(chain: &[Certificate]) -> Result<(), String> {
    for (index, pair) in chain.windows(2).enumerate() {
        let (Some(child), Some(issuer)) = (pair.first(), pair.get(1)) else { continue };
        let tbs = child.tbs_certificate().to_der().map_err(|error| error.to_string())?;
        let algorithm = child.signature_algorithm().oid.as_bytes().to_vec();
        let signature = child.signature().raw_bytes();
        let issuer_spki =
            issuer.tbs_certificate().subject_public_key_info().to_der().map_err(|error| error.to_string())?;
        verify_any(&algorithm, &issuer_spki, signature, &tbs)
            .map_err(|why| format!("certificate {} is not signed by certificate {}: {why}", index + 1, index + 2))?;
    }
    Ok(())
}

/// Verifies `signature` of `message` by a DER SPKI key under an X.509 signature algorithm (OID content).
fn verify_any(algorithm: &[u8], spki: &[u8], signature: &[u8], message: &[u8]) -> Result<(), String> {
    use rsa::pkcs8::DecodePublicKey;
    use rsa::Pkcs1v15Sign;
    let rsa_scheme = |algorithm: &[u8]| -> Option<(Pkcs1v15Sign, Vec<u8>)> {
        Some(match algorithm {
            OID_RSA_SHA256 | OID_SHA256 => (Pkcs1v15Sign::new::<Sha256>(), Sha256::digest(message).to_vec()),
            OID_RSA_SHA384 | OID_SHA384 => (Pkcs1v15Sign::new::<Sha384>(), Sha384::digest(message).to_vec()),
            OID_RSA_SHA512 | OID_SHA512 => (Pkcs1v15Sign::new::<Sha512>(), Sha512::digest(message).to_vec()),
            _ => return None,
        })
    };
    match algorithm {
        OID_ECDSA_SHA256 => verify_with_spki(spki, signature, message, Some(EcHash::Sha256)).map(|_| ()),
        OID_ECDSA_SHA384 => verify_with_spki(spki, signature, message, Some(EcHash::Sha384)).map(|_| ()),
        other => {
            let (scheme, hashed) = rsa_scheme(other).ok_or("signature algorithm not supported")?;
            let key = rsa::PublicKey::from_public_key_der(spki).map_err(|_| "issuer key is not RSA".to_string())?;
            key.verify(scheme, &hashed, signature).map_err(|_| "RSA signature does not verify".to_string())
        }
    }
}

/// One DER TLV: (tag, content, rest). Single-byte tags only (all this module needs).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (whole, rest) = tlv_whole(input)?;
    let tag = *whole.first()?;
    let header = header_length(whole)?;
    Some((tag, whole.get(header..)?, rest))
}

fn header_length(input: &[u8]) -> Option<usize> {
    let first = *input.get(1)?;
    if first < 0x80 {
        Some(2)
    } else {
        Some(2 + usize::from(first & 0x7f))
    }
}

/// One DER TLV as (the whole encoding, rest).
fn tlv_whole(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let first = *input.get(1)?;
    let (length, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let mut length = 0usize;
        for byte in input.get(2..2 + count)? {
            length = (length << 8) | usize::from(*byte);
        }
        (length, 2 + count)
    };
    let end = header.checked_add(length)?;
    Some((input.get(..end)?, input.get(end..)?))
}

/// The children of a constructed TLV's content.
fn children(mut content: &[u8]) -> Vec<(u8, &[u8], &[u8])> {
    let mut out = Vec::new();
    while let Some((whole, rest)) = tlv_whole(content) {
        if let Some((tag, value, _)) = tlv(whole) {
            out.push((tag, value, whole));
        }
        content = rest;
    }
    out
}

/// Checks an RFC 3161 TimeStampResp over `data` (SHA-256 imprint) signed by `tsa`; returns genTime.
fn verify_timestamp(response: &[u8], data: &[u8], tsa: &Certificate) -> Result<i64, String> {
    let bad = |what: &str| format!("not an RFC 3161 timestamp response ({what})");
    let (_, response, _) = tlv(response).filter(|(tag, _, _)| *tag == 0x30).ok_or_else(|| bad("outer"))?;
    let parts = children(response);
    // status PKIStatusInfo: its first INTEGER is 0 (granted) or 1 (granted with mods).
    let status = parts.first().map(|(_, value, _)| children(value)).ok_or_else(|| bad("status"))?;
    let granted = status.first().is_some_and(|(tag, value, _)| *tag == 0x02 && matches!(value, [0] | [1]));
    if !granted {
        return Err("the timestamp authority did not grant the request".to_string());
    }
    let token = parts.get(1).map(|(_, value, _)| children(value)).ok_or_else(|| bad("token"))?;
    let signed_data = token
        .get(1)
        .and_then(|(_, value, _)| tlv(value))
        .map(|(_, value, _)| children(value))
        .ok_or_else(|| bad("SignedData"))?;
    // SignedData: version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos.
    let encap = signed_data.get(2).map(|(_, value, _)| children(value)).ok_or_else(|| bad("encapContentInfo"))?;
    let tst_info = encap
        .get(1)
        .and_then(|(_, value, _)| tlv(value))
        .filter(|(tag, _, _)| *tag == 0x04)
        .map(|(_, value, _)| value)
        .ok_or_else(|| bad("eContent"))?;
    let signer_infos = signed_data.last().filter(|(tag, _, _)| *tag == 0x31).ok_or_else(|| bad("signerInfos"))?;
    let signer = children(signer_infos.1).into_iter().next().ok_or_else(|| bad("signerInfo"))?;

    // TSTInfo: version, policy, messageImprint, serialNumber, genTime, …
    let (_, tst_content, _) = tlv(tst_info).ok_or_else(|| bad("TSTInfo"))?;
    let tst = children(tst_content);
    let imprint = tst.get(2).map(|(_, value, _)| children(value)).ok_or_else(|| bad("messageImprint"))?;
    let imprint_algorithm = imprint
        .first()
        .and_then(|(_, value, _)| children(value).first().map(|(_, oid, _)| oid.to_vec()))
        .ok_or_else(|| bad("imprint algorithm"))?;
    let imprint_hash = imprint.get(1).map(|(_, value, _)| value.to_vec()).ok_or_else(|| bad("imprint"))?;
    if imprint_algorithm != OID_SHA256 {
        return Err("the timestamp imprint is not SHA-256".to_string());
    }
    if imprint_hash != Sha256::digest(data).to_vec() {
        return Err("the timestamp is not of this signature (message imprint differs)".to_string());
    }
    let gen_time = tst
        .get(4)
        .filter(|(tag, _, _)| *tag == 0x18)
        .and_then(|(_, value, _)| std::str::from_utf8(value).ok())
        .and_then(parse_generalized_time)
        .ok_or_else(|| bad("genTime"))?;

    // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature.
    let signer = children(signer.1);
    let digest_algorithm = signer
        .get(2)
        .and_then(|(_, value, _)| children(value).first().map(|(_, oid, _)| oid.to_vec()))
        .ok_or_else(|| bad("digestAlgorithm"))?;
    let (_, attributes, attributes_whole) = signer
        .get(3)
        .filter(|(tag, _, _)| *tag == 0xa0)
        .copied()
        .ok_or("the timestamp token has no signed attributes: not checked")?;
    let signature = signer
        .get(5)
        .filter(|(tag, _, _)| *tag == 0x04)
        .map(|(_, value, _)| value.to_vec())
        .ok_or_else(|| bad("signature"))?;
    let content_digest = match digest_algorithm.as_slice() {
        OID_SHA256 => Sha256::digest(tst_info).to_vec(),
        OID_SHA384 => Sha384::digest(tst_info).to_vec(),
        OID_SHA512 => Sha512::digest(tst_info).to_vec(),
        _ => return Err("the timestamp token's digest algorithm is not supported".to_string()),
    };
    let stated_digest = children(attributes)
        .into_iter()
        .find_map(|(_, attribute, _)| {
            let parts = children(attribute);
            let (_, oid, _) = parts.first()?;
            if *oid != OID_MESSAGE_DIGEST {
                return None;
            }
            let (_, set, _) = parts.get(1)?;
            children(set).first().map(|(_, value, _)| value.to_vec())
        })
        .ok_or("the timestamp token has no messageDigest attribute")?;
    if stated_digest != content_digest {
        return Err("the timestamp token's messageDigest does not match its TSTInfo".to_string());
    }
    // The signature covers the signed attributes encoded as a SET (tag 0x31, not [0]).
    let mut signed_attributes = attributes_whole.to_vec();
    if let Some(first) = signed_attributes.first_mut() {
        *first = 0x31;
    }
    let tsa_spki = tsa.tbs_certificate().subject_public_key_info().to_der().map_err(|error| error.to_string())?;
    let signature_algorithm = signer
        .get(4)
        .and_then(|(_, value, _)| children(value).first().map(|(_, oid, _)| oid.to_vec()))
        .ok_or_else(|| bad("signatureAlgorithm"))?;
    // rsaEncryption as the signature algorithm means "PKCS#1 v1.5 with the digest algorithm".
    let algorithm = if signature_algorithm == OID_RSA { digest_algorithm } else { signature_algorithm };
    verify_any(&algorithm, &tsa_spki, &signature, &signed_attributes)
        .map_err(|why| format!("the timestamp token is not signed by the timestamp certificate: {why}"))?;
    Ok(gen_time)
}

/// `2022-01-18T19:00:12Z` (fractions and offsets `+hh:mm` accepted) → Unix seconds.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = text.get(..10)?;
    let time = text.get(11..19)?;
    let mut seconds = civil_seconds(
        date.get(..4)?.parse().ok()?,
        date.get(5..7)?.parse().ok()?,
        date.get(8..10)?.parse().ok()?,
        time.get(..2)?.parse().ok()?,
        time.get(3..5)?.parse().ok()?,
        time.get(6..8)?.parse().ok()?,
    )?;
    let zone = text.get(19..)?.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if let Some(offset) = zone.strip_prefix('+').map(|o| (1, o)).or_else(|| zone.strip_prefix('-').map(|o| (-1, o))) {
        let (sign, offset) = offset;
        let hours: i64 = offset.get(..2)?.parse().ok()?;
        let minutes: i64 = offset.get(3..5).or(offset.get(2..4)).unwrap_or("0").parse().ok()?;
        seconds -= sign * (hours * 3600 + minutes * 60);
    }
    Some(seconds)
}

/// `20220118190012Z` (optional fraction) → Unix seconds.
fn parse_generalized_time(text: &str) -> Option<i64> {
    civil_seconds(
        text.get(..4)?.parse().ok()?,
        text.get(4..6)?.parse().ok()?,
        text.get(6..8)?.parse().ok()?,
        text.get(8..10)?.parse().ok()?,
        text.get(10..12)?.parse().ok()?,
        text.get(12..14)?.parse().ok()?,
    )
}

fn civil_seconds(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

fn format_unix(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2022-01-18T19:00:12Z"), parse_generalized_time("20220118190012Z"));
        assert_eq!(parse_iso8601("2022-01-18T20:00:12+01:00"), parse_generalized_time("20220118190012Z"));
        assert_eq!(format_unix(parse_iso8601("2022-01-18T19:00:12Z").unwrap_or_default()), "2022-01-18T19:00:12Z");
    }
}
