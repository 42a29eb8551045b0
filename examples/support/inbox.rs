//! Updates written down as a receiver writes them before the flows answer:
//! an answer claims its update's inbox row, and one never received is not
//! answered.

use hailong::flows::Incoming;
use hailong::store::Store;
use hailong::store::inbox::{Arrival, receive};

/// Writes `incoming` down in the inbox, in a transaction of its own.
pub async fn write_down(store: &Store, incoming: &Incoming) -> anyhow::Result<()> {
    let arrival = Arrival {
        update_key: incoming.key.clone(),
        chat_key: format!("bench:{}", incoming.chat.id),
        body: "{}".into(),
    };
    let mut tx = store.begin_write().await?;
    receive(&mut tx, &[arrival], None).await?;
    tx.commit().await?;
    Ok(())
}
