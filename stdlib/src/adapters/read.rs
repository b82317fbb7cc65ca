//! Reading evidence files from disk within a size limit, so that no file
//! (a huge report, `/dev/zero`, a named pipe) can exhaust memory.

use super::AdapterError;
use std::io::Read;
use std::path::Path;

/// The default largest evidence file read: 256 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Read a file of at most `max_bytes` bytes. The size is checked from the
/// file's metadata before reading, and enforced while reading (for files
/// whose metadata does not tell their size, such as devices and pipes):
/// a larger file is [`AdapterError::TooLarge`] and is never held in memory
/// beyond the limit.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, AdapterError> {
    let file = path.display().to_string();
    let io = |source| AdapterError::Io {
        file: file.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(io(std::io::Error::other("is a directory")));
    }
    if meta.len() > max_bytes {
        return Err(AdapterError::TooLarge {
            file,
            size: Some(meta.len()),
            limit: max_bytes,
        });
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|f| f.take(max_bytes.saturating_add(1)).read_to_end(&mut buf))
        .map_err(io)?;
    if buf.len() as u64 > max_bytes {
        return Err(AdapterError::TooLarge {
            file,
            size: None,
            limit: max_bytes,
        });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_are_read_and_large_ones_refused_before_reading() {
        let dir = std::env::temp_dir().join(format!("pg-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let small = dir.join("small.json");
        std::fs::write(&small, b"{}").unwrap();
        assert_eq!(read_file(&small, 2).unwrap(), b"{}");
        let e = read_file(&small, 1).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}: 2 bytes, more than the limit of 1 bytes",
                small.display()
            )
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_device_without_a_size_is_cut_at_the_limit() {
        let e = read_file(Path::new("/dev/zero"), 1000)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "/dev/zero: more than the limit of 1000 bytes");
    }
}
