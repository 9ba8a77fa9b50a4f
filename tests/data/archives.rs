//! WARC records and WACZ files built in tests, with digests and anonymous signatures as real tools
//! write them (wget/warcio SHA-1 base32 block digests, authsign P-256 DER, ArchiveWeb.page P-384
//! raw r‖s over a SHA-256 prehash). Shared by tests/integrity.rs and the end-to-end scenarios.
#![allow(dead_code)]

use std::io::Write;

use exhibit::domain::capture::integrity::{encode_base32, hex};
use p256::pkcs8::EncodePublicKey;
use sha1::Sha1;
use sha2::{Digest, Sha256};

pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn http_response(body: &[u8]) -> Vec<u8> {
    let mut http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    http.extend_from_slice(body);
    http
}

/// One WARC response record; `digests` says which digest headers to state.
pub fn response_record(id: &str, url: &str, block: &[u8], payload: &[u8], digests: bool) -> Vec<u8> {
    let mut head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {url}\r\n\
         WARC-Date: 2024-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
    );
    if digests {
        // As wget and warcio write them: SHA-1 in base32 for the block, and here SHA-256 in hex.
        head.push_str(&format!("WARC-Block-Digest: sha1:{}\r\n", encode_base32(&Sha1::digest(block))));
        head.push_str(&format!("WARC-Payload-Digest: sha256:{}\r\n", hex(&Sha256::digest(payload))));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
    let mut record = head.into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

pub enum Key {
    P256(Box<p256::ecdsa::SigningKey>),
    P384(Box<p384::ecdsa::SigningKey>),
}

impl Key {
    pub fn p256(seed: u8) -> Key {
        Key::P256(Box::new(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("P-256 key")))
    }
    pub fn p384(seed: u8) -> Key {
        Key::P384(Box::new(p384::ecdsa::SigningKey::from_slice(&[seed; 48]).expect("P-384 key")))
    }
    /// Base64 DER SubjectPublicKeyInfo, as `publicKey` holds it.
    pub fn public_key(&self) -> Vec<u8> {
        let der = match self {
            Key::P256(key) => key.verifying_key().to_public_key_der(),
            Key::P384(key) => key.verifying_key().to_public_key_der(),
        };
        der.expect("SPKI").as_bytes().to_vec()
    }
    /// P-256: DER, as authsign writes. P-384: SHA-256 prehash, raw r‖s, as WebCrypto (ArchiveWeb.page) writes.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            Key::P256(key) => {
                use p256::ecdsa::signature::Signer;
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_der().as_bytes().to_vec()
            }
            Key::P384(key) => {
                use p384::ecdsa::signature::hazmat::PrehashSigner;
                let signature: p384::ecdsa::Signature =
                    key.sign_prehash(&Sha256::digest(message)).expect("P-384 signature");
                signature.to_bytes().to_vec()
            }
        }
    }
}

pub fn fingerprint(key: &Key) -> String {
    hex(&Sha256::digest(key.public_key()))
}

/// A small WACZ with one page (`page` served at `url`), signed (anonymous form) by `key` over
/// `signed_hash` (the real one when `None`); `signer` signs instead of `key` when given.
pub fn signed_wacz_of(
    url: &str,
    page: &[u8],
    key: Option<&Key>,
    signer: Option<&Key>,
    signed_hash: Option<&str>,
) -> Vec<u8> {
    let warc = response_record("00000000-0000-4000-8000-000000000007", url, &http_response(page), page, true);
    let pages = format!(
        "{{\"format\": \"json-pages-1.0\", \"id\": \"pages\"}}\n{{\"url\": \"{url}\", \"title\": \"Bakery\"}}\n"
    );
    let pages = pages.as_bytes();
    let datapackage = serde_json::json!({
        "profile": "data-package", "wacz_version": "1.1.1", "created": "2024-03-01T10:00:00Z",
        "resources": [
            {"name": "data.warc", "path": "archive/data.warc", "hash": format!("sha256:{}", hex(&Sha256::digest(&warc))), "bytes": warc.len()},
            {"name": "pages.jsonl", "path": "pages/pages.jsonl", "hash": format!("sha256:{}", hex(&Sha256::digest(pages))), "bytes": pages.len()},
        ]
    });
    let datapackage = serde_json::to_vec_pretty(&datapackage).unwrap_or_default();
    let hash = format!("sha256:{}", hex(&Sha256::digest(&datapackage)));
    let mut digest = serde_json::json!({"path": "datapackage.json", "hash": hash});
    if let Some(key) = key {
        let message = signed_hash.unwrap_or(&hash).to_string();
        let signature = signer.unwrap_or(key).sign(message.as_bytes());
        digest["signedData"] = serde_json::json!({
            "hash": hash, "created": "2024-03-01T10:00:00Z", "software": "exhibit-test", "version": "0.1.0",
            "signature": base64(&signature), "publicKey": base64(&key.public_key()),
        });
    }
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let digest = serde_json::to_vec(&digest).unwrap_or_default();
    let files: [(&str, &[u8]); 4] = [
        ("archive/data.warc", &warc),
        ("pages/pages.jsonl", pages),
        ("datapackage.json", &datapackage),
        ("datapackage-digest.json", &digest),
    ];
    for (name, content) in files {
        writer.start_file(name, options).expect("start");
        writer.write_all(content).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}
