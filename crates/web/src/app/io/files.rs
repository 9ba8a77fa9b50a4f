//! Reading files the reviewer picks (file input, folder input) or drops.

use std::sync::Arc;

use gloo::file::futures::read_as_bytes;
use gloo::file::File;

use crate::domain::capture::InputFile;

/// Reads every file of a `FileList`, keeping folder-relative paths when the browser gives them.
pub async fn read_file_list(list: web_sys::FileList) -> (Vec<InputFile>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for index in 0..list.length() {
        let Some(raw) = list.item(index) else { continue };
        let relative = js_sys::Reflect::get(&raw, &"webkitRelativePath".into())
            .ok()
            .and_then(|value| value.as_string())
            .filter(|path| !path.is_empty());
        let path = relative.unwrap_or_else(|| raw.name());
        let file = File::from(raw);
        match read_as_bytes(&file).await {
            Ok(bytes) => files.push(InputFile::new(path, Arc::<[u8]>::from(bytes))),
            Err(error) => errors.push(format!("could not read {path}: {error}")),
        }
    }
    (files, errors)
}
