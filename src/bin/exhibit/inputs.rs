//! Reading command-line paths (files or folders, recursively) into `InputFile`s for the domain.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use exhibit::domain::capture::InputFile;

/// Reads every file under the given paths. Paths inside a folder are kept relative to the folder
/// given, `/`-separated, in sorted order so loads are reproducible.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<InputFile>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|error| format!("{}: {error}", path.display()))?;
            found.sort();
            let base = path.parent().unwrap_or(Path::new(""));
            for file in found {
                let bytes = std::fs::read(&file).map_err(|error| format!("{}: {error}", file.display()))?;
                let relative = file.strip_prefix(base).unwrap_or(&file);
                files.push(InputFile::new(slash_path(relative), Arc::<[u8]>::from(bytes)));
            }
        } else {
            let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(InputFile::new(name, Arc::<[u8]>::from(bytes)));
        }
    }
    Ok(files)
}

fn walk(directory: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(directory)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if kind.is_file() {
            found.push(path);
        }
    }
    Ok(())
}

fn slash_path(path: &Path) -> String {
    path.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
