//! Offering a file to the reviewer as a download (exports, the review log).

use wasm_bindgen::JsCast;

pub fn download(file_name: &str, media_type: &str, bytes: &[u8]) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let url = blob_url(bytes, media_type)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "could not create a link")?
        .dyn_into()
        .map_err(|_| "could not create a link")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_rel("noopener noreferrer");
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A `blob:` URL for bytes (screenshots are shown this way, never from the captured site).
pub fn blob_url(bytes: &[u8], media_type: &str) -> Result<String, String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::new();
    parts.push(&array.buffer());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)
        .map_err(|_| "could not make a blob".to_string())?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "could not make a blob URL".to_string())
}
