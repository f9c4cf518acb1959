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
    /// and `held`, empty (read as written by their agent source, else by the person).
    pub(crate) async fn migrate(&mut self) -> Result<()> {
        if self.info().schema_version >= SCHEMA_VERSION {
            return Ok(());
        }
        add_missing(&self.operations, vec![schema::seq_field()]).await?;
        add_missing(&self.operations, schema::action_fields()).await?;
        add_missing(&self.memories, schema::merge_fields()).await?;
        add_missing(&self.memories, schema::trust_fields()).await?;
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
