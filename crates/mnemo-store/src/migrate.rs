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
    /// from the first change committed after the upgrade).
    pub(crate) async fn migrate(&mut self) -> Result<()> {
        if self.info().schema_version >= SCHEMA_VERSION {
            return Ok(());
        }
        let ops = self.operations.schema().await.map_err(storage)?;
        if ops.field_with_name("seq").is_err() {
            let seq = Arc::new(Schema::new(vec![schema::seq_field()]));
            self.operations
                .add_columns()
                .transform(NewColumnTransform::AllNulls(seq))
                .execute()
                .await
                .map_err(storage)?;
        }
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
