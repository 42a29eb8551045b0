//! What the citizen can do now, and what the office wrote: the same words
//! under the dossier's card and under a status notification.

use crate::domain::{Language, Status};
use crate::i18n::{I18n, Key};
use crate::store::dossiers::DossierView;

/// Adds, a line each, the next step of `status` (what to bring, pay or
/// collect, whom to ask why), then the office's note when it is about
/// `status`: a note belongs to the latest event, so a notification of an
/// older status leaves it out.
pub fn push_guidance(
    text: &mut String,
    i18n: &I18n,
    lang: Language,
    view: &DossierView,
    status: Status,
) {
    let next_step = Key::next_step(status).map(|key| {
        i18n.t_args(
            lang,
            key,
            &[("agency", view.agency.get(lang).to_owned().into())],
        )
    });
    let note = view
        .note
        .as_ref()
        .filter(|_| status == view.status)
        .map(|note| i18n.t_args(lang, Key::OfficeNote, &[("note", note.clone().into())]));
    for line in next_step.into_iter().chain(note) {
        text.push('\n');
        text.push_str(&line);
    }
}
