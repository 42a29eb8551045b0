//! `/notices off` and `/notices on`: whether a citizen hears broadcasts.

use super::{Context, FlowError, Outcome, Who};
use crate::i18n::Key;
use crate::store::{AnswerTx, citizens};

pub async fn on_notices(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let key = match argument.map(str::to_lowercase).as_deref() {
        Some("off" | "tắt" | "tat") => {
            citizens::set_notices(tx, who.user_id, false).await?;
            Key::NoticesOff
        }
        Some("on" | "bật" | "bat") => {
            citizens::set_notices(tx, who.user_id, true).await?;
            Key::NoticesOn
        }
        _ if citizens::notices_on(tx, who.user_id).await? => Key::NoticesAreOn,
        _ => Key::NoticesAreOff,
    };
    Ok(Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key)))
}
