//! The dossiers benchmarks store: one shape, which each bench varies with
//! struct update syntax, and one way to store them.

use chrono::{DateTime, Utc};
use hailong::domain::{AgencyCode, Channel, DossierCode, ProcedureCode, Status};
use hailong::store::Store;
use hailong::store::dossiers::{DossierRecord, Source, insert_dossiers};

/// The demo catalog's first agency, which benchmark dossiers belong to.
pub const AGENCY: &str = "000.00.31.H12";

/// A dossier of the demo catalog's first agency and its birth registration,
/// received at `received`, promised ten days later, in `status`.
pub fn dossier(
    code: &str,
    status: Status,
    received: DateTime<Utc>,
) -> anyhow::Result<DossierRecord> {
    Ok(DossierRecord {
        code: DossierCode::parse(code)?,
        procedure: ProcedureCode::parse("1.001193")?,
        agency: AgencyCode::parse(AGENCY)?,
        commune: None,
        channel: Channel::Direct,
        received_at: received,
        due_at: received.date_naive() + chrono::Days::new(10),
        returned_at: None,
        status,
        status_at: None,
        new_due_at: None,
        delay_reason: None,
        steps: None,
    })
}

/// Stores `records` as an import would, in one transaction.
pub async fn store_dossiers(store: &Store, records: &[DossierRecord]) -> anyhow::Result<()> {
    let mut tx = store.begin_write().await?;
    insert_dossiers(
        &mut tx,
        &Default::default(),
        records,
        Source::Import,
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
