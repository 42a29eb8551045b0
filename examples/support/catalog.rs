//! The demo catalog every benchmark database starts from.

use hailong::cli::import::{What, load};
use hailong::store::Store;

pub const AGENCIES: &str = include_str!("../data/agencies.csv");
pub const PROCEDURES: &str = include_str!("../data/procedures.csv");

/// Opens (creating) the database at `url` and imports the demo agencies and procedures.
pub async fn store_with_catalog(url: &str) -> anyhow::Result<Store> {
    let store = Store::open(url).await?;
    load(&store, What::Agencies, "agencies.csv", AGENCIES.as_bytes()).await?;
    load(
        &store,
        What::Procedures,
        "procedures.csv",
        PROCEDURES.as_bytes(),
    )
    .await?;
    Ok(store)
}
