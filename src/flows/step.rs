//! Where a chat's conversation stands: one [`Step`] per chat, read once
//! inside the update's write transaction and written back in it.

use serde::{Deserialize, Serialize};

use super::FlowError;
use crate::configuration::Question;
use crate::domain::case::{CaseBody, CaseKind, Subject};
use crate::domain::{Audience, CaseId, ChatId, DossierId, ResponseId, UserId};
use crate::store::{AnswerTx, dialogues};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// Nothing asked: a text is a code, a command or a question.
    #[default]
    Idle,
    /// The survey shows `question` for `response`; only its buttons count.
    Survey {
        response: ResponseId,
        question: Question,
    },
    /// The survey waits for a typed comment on `response`.
    AwaitComment { response: ResponseId },
    /// An admin is composing a broadcast.
    BroadcastDraft { draft: Draft },
    /// A citizen is writing a case (phản ánh, kiến nghị).
    Feedback { draft: CaseDraft },
    /// A citizen rated a case's answer "not satisfied" for the first time:
    /// the case reopens once they give a reason or skip it.
    ReopenReason { case: CaseId },
    /// Staff member `by` picked `agency` to forward a case to: their next
    /// text in this chat is the reason.
    ForwardReason {
        case: CaseId,
        agency: String,
        by: UserId,
    },
}

/// What a citizen has given for a case so far, stage by stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum CaseDraft {
    /// Waiting for what the case is about.
    Subject,
    /// Waiting for the agency to be picked, from the list narrowed to
    /// `query` when the citizen typed words to look for (a draft saved
    /// before typing to search was possible has none).
    Agency {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
    },
    Procedure {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
    },
    /// Waiting for the kind.
    Kind { about: About },
    /// Waiting for the text.
    Text { about: About, kind: CaseKind },
    /// The text is in; photos may follow.
    Photos(Gathered),
    /// Waiting for Send, with or without the tick to publish.
    Confirm {
        #[serde(flatten)]
        gathered: Gathered,
        publish: bool,
    },
}

/// What a case is about, with what comes with it: a dossier brings its
/// agency and procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    pub subject: Subject,
    pub dossier: Option<DossierId>,
    pub agency: Option<String>,
    pub procedure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gathered {
    pub about: About,
    pub kind: CaseKind,
    pub body: CaseBody,
    /// Telegram file ids, at most `domain::case::MAX_PHOTOS`.
    pub photos: Vec<String>,
}

/// What an admin has given so far, stage by stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Draft {
    /// Waiting for the notice itself.
    Message,
    /// The notice is in; waiting for the audience, tapped or typed.
    Audience(DraftNotice),
    /// The audience is chosen; waiting for Send.
    Confirm {
        #[serde(flatten)]
        notice: DraftNotice,
        #[serde(with = "audience_text")]
        audience: Audience,
    },
}

/// A notice as Telegram HTML, with its photo's file id if it is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftNotice {
    pub html: String,
    pub photo_file_id: Option<String>,
}

impl Step {
    /// Makes this the chat's step.
    pub async fn save(&self, tx: &mut AnswerTx, chat: ChatId) -> Result<(), FlowError> {
        Ok(dialogues::save_step(tx, chat, self, *self == Self::Idle).await?)
    }
}

/// An audience stored in the form `Audience::parse` reads.
mod audience_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::Audience;

    pub fn serialize<S: Serializer>(audience: &Audience, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(audience)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Audience, D::Error> {
        let raw = String::deserialize(d)?;
        Audience::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forms the dialogues migration writes for rows of the old tables.
    #[test]
    fn reads_what_the_migration_writes() {
        let cases = [
            (
                r#"{"step":"survey","response":7,"question":"went_well"}"#,
                Step::Survey {
                    response: ResponseId(7),
                    question: Question::WentWell,
                },
            ),
            (
                r#"{"step":"await_comment","response":7}"#,
                Step::AwaitComment {
                    response: ResponseId(7),
                },
            ),
            // As a picker's stage was written before it could be searched.
            (
                r#"{"step":"feedback","draft":{"stage":"agency"}}"#,
                Step::Feedback {
                    draft: CaseDraft::Agency { query: None },
                },
            ),
            (
                r#"{"step":"feedback","draft":{"stage":"procedure","query":"khai sinh"}}"#,
                Step::Feedback {
                    draft: CaseDraft::Procedure {
                        query: Some("khai sinh".into()),
                    },
                },
            ),
            (
                r#"{"step":"broadcast_draft","draft":{"stage":"message"}}"#,
                Step::BroadcastDraft {
                    draft: Draft::Message,
                },
            ),
            (
                r#"{"step":"broadcast_draft","draft":{"stage":"confirm","html":"<b>x</b>","photo_file_id":null,"audience":"lang:km"}}"#,
                Step::BroadcastDraft {
                    draft: Draft::Confirm {
                        notice: DraftNotice {
                            html: "<b>x</b>".into(),
                            photo_file_id: None,
                        },
                        audience: Audience::parse("lang:km").expect("an audience"),
                    },
                },
            ),
        ];
        for (json, step) in cases {
            assert_eq!(
                serde_json::from_str::<Step>(json).expect(json),
                step,
                "{json}"
            );
            let again = serde_json::to_string(&step).expect("serializes");
            assert_eq!(serde_json::from_str::<Step>(&again).expect("reads"), step);
        }
    }

    #[test]
    fn a_bad_audience_does_not_read() {
        let json = r#"{"step":"broadcast_draft","draft":{"stage":"confirm","html":"x","photo_file_id":null,"audience":"town:1"}}"#;
        assert!(serde_json::from_str::<Step>(json).is_err());
    }
}
