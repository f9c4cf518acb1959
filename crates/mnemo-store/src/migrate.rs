//! Bringing a store written by an older Mnemo up to this build's schema version, under the
//! write lock at open.

use arrow_schema::Schema;
use lancedb::table::NewColumnTransform;
use mnemo_core::Result;
use std::sync::Arc;

use crate::schema::{self, SCHEMA_VERSION};
use crate::store::{MemoryStore, storage};

impl MemoryStore {
    /// 1 → 2: the log gains `seq`, empty for the operations already in it (followers start
    /// from the first change committed after the upgrade). 2 → 3: memories gain their merge
    /// columns and the log its `action` and `undoes`, all empty. 3 → 4: memories gain `written_by`
    /// and `held`, empty (read as written by their agent source, else by the person). 4 → 5:
    /// spaces gain `colour` and `archived`, empty (no colour, not archived), the log `via` and
    /// traces `config`. 5 → 6: memories gain `properties`, empty (none).
    pub(crate) async fn migrate(&mut self) -> Result<()> {
        if self.info().schema_version >= SCHEMA_VERSION {
            return Ok(());
        }
        add_missing(&self.operations, vec![schema::seq_field()]).await?;
        add_missing(&self.operations, schema::action_fields()).await?;
        add_missing(&self.memories, schema::merge_fields()).await?;
        add_missing(&self.memories, schema::trust_fields()).await?;
        add_missing(&self.spaces, schema::space_fields()).await?;
        add_missing(&self.operations, vec![schema::via_field()]).await?;
        add_missing(&self.traces, vec![schema::config_field()]).await?;
        add_missing(&self.memories, schema::properties_fields()).await?;
        let meta = self.open_table(schema::META).await?;
        meta.update()
            .only_if("key = 'schema_version'")
            .column("value", format!("'{SCHEMA_VERSION}'"))
            .execute()
            .await
            .map_err(storage)?;
        tracing::info!(
            from = self.info().schema_version,
            to = SCHEMA_VERSION,
            "upgraded the store"
        );
        self.set_schema_version(SCHEMA_VERSION);
        Ok(())
    }
}

/// Adds the columns a table lacks, empty (a metadata-only change in Lance).
async fn add_missing(table: &lancedb::Table, fields: Vec<arrow_schema::Field>) -> Result<()> {
    let have = table.schema().await.map_err(storage)?;
    let missing: Vec<_> = (fields.into_iter())
        .filter(|f| have.field_with_name(f.name()).is_err())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    table
        .add_columns()
        .transform(NewColumnTransform::AllNulls(Arc::new(Schema::new(missing))))
        .execute()
        .await
        .map_err(storage)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::Space;

    /// A store written by schema 4 (spaces without colour and archived) opens, upgraded: its
    /// spaces read as uncoloured and live, and take the new columns from then on.
    #[tokio::test]
    async fn a_schema_4_store_opens_with_its_spaces_and_takes_colours_after() {
        let dir = tempfile::tempdir().unwrap();
        let uri = dir.path().to_string_lossy().to_string();
        let store = MemoryStore::open(&uri, "test", 4).await.unwrap();
        let t = mnemo_core::now();
        store
            .upsert_spaces(&[Space::named("work", t)])
            .await
            .unwrap();
        store
            .spaces
            .drop_columns(&["colour", "archived"])
            .await
            .unwrap();
        let meta = store.open_table(schema::META).await.unwrap();
        let to_4 = meta.update().only_if("key = 'schema_version'");
        to_4.column("value", "'4'").execute().await.unwrap();
        drop((store, meta));

        let store = MemoryStore::open(&uri, "test", 4).await.unwrap();
        assert_eq!(store.info().schema_version, SCHEMA_VERSION);
        assert_eq!(
            store.load_spaces().await.unwrap(),
            [Space::named("work", t)]
        );
        let coloured = Space {
            colour: "#aabbcc".into(),
            archived: true,
            ..Space::named("work", t)
        };
        store
            .upsert_spaces(std::slice::from_ref(&coloured))
            .await
            .unwrap();
        assert_eq!(store.load_spaces().await.unwrap(), [coloured]);
    }

    /// A store written by schema 5 (memories without properties) opens, upgraded: its memories
    /// read with none, and keep the ones they are given from then on.
    #[tokio::test]
    async fn a_schema_5_store_opens_with_its_memories_and_keeps_properties_after() {
        let dir = tempfile::tempdir().unwrap();
        let uri = dir.path().to_string_lossy().to_string();
        let store = MemoryStore::open(&uri, "test", 4).await.unwrap();
        let new = mnemo_core::NewMemory {
            text: "Atlas kickoff".into(),
            ..Default::default()
        };
        let mut m = (new.build("m1".into(), mnemo_core::now(), "default", "user", "test")).unwrap();
        let vector = [0.5f32; 4];
        store
            .insert_memories(&[crate::MemoryRow::new(&m, &vector)])
            .await
            .unwrap();
        store.memories.drop_columns(&["properties"]).await.unwrap();
        let meta = store.open_table(schema::META).await.unwrap();
        let to_5 = meta.update().only_if("key = 'schema_version'");
        to_5.column("value", "'5'").execute().await.unwrap();
        drop((store, meta));

        let store = MemoryStore::open(&uri, "test", 4).await.unwrap();
        assert_eq!(store.info().schema_version, SCHEMA_VERSION);
        assert_eq!(store.load_memories().await.unwrap(), [m.clone()]);
        m.properties
            .insert("status".into(), serde_json::json!("draft"));
        m.properties.insert("rating".into(), serde_json::json!(4));
        store
            .update_memories(&[crate::MemoryRow::new(&m, &vector)])
            .await
            .unwrap();
        assert_eq!(store.load_memories().await.unwrap(), [m]);
    }
}
