//! What a local folder holds, before anything opens it as a store: opening creates tables, so a
//! person who picked the wrong folder must be told before it fills with them.

use std::path::Path;

/// What [`inspect_folder`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFolder {
    /// A Mnemo store: its memories table is there.
    Store,
    /// An empty folder: a new store can be made in it.
    Empty,
    /// Nothing at that path yet: a new store can be made there.
    Missing,
    /// A file, or a folder holding other things.
    NotAStore,
}

/// Looks at `path` without changing anything.
pub fn inspect_folder(path: &Path) -> std::io::Result<StoreFolder> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StoreFolder::Missing),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(StoreFolder::NotAStore);
    }
    if path
        .join(format!("{}.lance", crate::schema::MEMORIES))
        .is_dir()
    {
        return Ok(StoreFolder::Store);
    }
    let mut entries = std::fs::read_dir(path)?;
    Ok(match entries.next() {
        None => StoreFolder::Empty,
        Some(_) => StoreFolder::NotAStore,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_empty_missing_and_foreign_folders_apart() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(inspect_folder(dir.path()).unwrap(), StoreFolder::Empty);
        assert_eq!(
            inspect_folder(&dir.path().join("new")).unwrap(),
            StoreFolder::Missing
        );
        std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
        assert_eq!(inspect_folder(dir.path()).unwrap(), StoreFolder::NotAStore);
        assert_eq!(
            inspect_folder(&dir.path().join("notes.txt")).unwrap(),
            StoreFolder::NotAStore
        );
    }

    #[tokio::test]
    async fn knows_a_real_store() {
        let dir = tempfile::tempdir().unwrap();
        let uri = dir.path().to_string_lossy().into_owned();
        let store = crate::MemoryStore::open(&uri, "test", 4).await.unwrap();
        drop(store);
        assert_eq!(inspect_folder(dir.path()).unwrap(), StoreFolder::Store);
    }
}
