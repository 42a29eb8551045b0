//! Where dossiers come from: CSV files, the ingest API's records and events,
//! and the provincial status source, all written through [`feed`].

pub mod checks;
pub mod feed;
pub mod import;
pub mod staged;
pub mod status_source;
