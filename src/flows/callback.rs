//! What a button carries in its callback data: built and parsed here only.
//!
//! Telegram allows 1..=64 bytes of data per button, and a dossier or
//! procedure code alone may be 64 characters long, so no button carries a
//! code: dossiers and responses travel as row ids, agencies and procedures as
//! a [`ShortRef`]. Buttons that act on a dossier or a response carry a tag that
//! binds them to the one user they were shown to, so data replayed by anyone
//! else changes nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::domain::case::CaseKind;
use crate::domain::{CaseId, DossierId, Language, ResponseId, UserId};
use crate::flows::comments::PageSize;
use crate::links::Signer;
use crate::store::broadcasts::Grouping;
use crate::store::survey::Towards;

/// The most Telegram carries per button.
pub const MAX_BYTES: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    SetLanguage(Language),
    /// Follow a dossier.
    Follow(Tagged),
    Unfollow(Tagged),
    /// The overall level (arg, 1 = most satisfied) for a dossier.
    Rate(Tagged),
    /// An answer (arg: the question's letter and the value) for a response.
    Answer(Tagged),
    /// A step of an admin's broadcast; the flow checks the presser is an admin.
    Broadcast(BroadcastTap),
    /// ⭐ Rate under a returned dossier's card: the survey's first question.
    StartSurvey(Tagged),
    /// "Rated: <level>" under a card: a label that only answers when tapped.
    Rated,
    /// 🗑 Erase my data, under `/forget`'s question.
    Forget,
    /// Keep my data, under `/forget`'s question.
    KeepData,
    /// Another page of `/comments`.
    Comments(CommentsPage),
    /// ✉️ Góp ý about a dossier shown to this citizen (its card, the offer
    /// after a low rating, their followed dossiers): a case about it.
    FeedbackOn(Tagged),
    /// A step of a case being written; the flow checks the chat's step.
    Feedback(FeedbackTap),
    /// A button under a case, the staff's or its citizen's; the flow checks
    /// that the presser may.
    Case(CaseTap),
    /// Staff picked the agency to forward a case to; the flow checks that
    /// the presser may handle the case.
    ForwardTo {
        case: CaseId,
        agency: ShortRef,
    },
    /// Another page (from 0) of the agencies a case can be forwarded to.
    ForwardPage {
        case: CaseId,
        page: u16,
    },
}

/// A tap while a citizen writes a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedbackTap {
    /// ➕ A new case, from the list of one's cases.
    New,
    /// The case is about an agency: show them.
    AboutAgency,
    AboutProcedure,
    /// The province in general.
    AboutProvince,
    Agency(ShortRef),
    Procedure(ShortRef),
    /// Another page (from 0) of the agencies, or of those the citizen's
    /// typed words found: the words stay in the step, so the button stays short.
    AgencyPage(u16),
    ProcedurePage(u16),
    Kind(CaseKind),
    /// No (more) photos.
    PhotosDone,
    /// Ticks or unticks publishing without identity.
    Publish,
    Send,
    Cancel,
    /// No reason given for a reopening.
    SkipReason,
}

/// What a button under a case does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseVerb {
    /// Staff: Nhận xử lý.
    Take,
    /// Staff: Chuyển cơ quan khác.
    Forward,
    /// Staff: Trả lời.
    Answer,
    /// The citizen withdraws it.
    Withdraw,
    /// The citizen reads its answer again.
    Read,
    /// The citizen rates the answer.
    Satisfied,
    NotSatisfied,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseTap {
    pub verb: CaseVerb,
    pub case: CaseId,
}

const CASE_VERBS: [(CaseVerb, &str); 7] = [
    (CaseVerb::Take, "t"),
    (CaseVerb::Forward, "f"),
    (CaseVerb::Answer, "a"),
    (CaseVerb::Withdraw, "w"),
    (CaseVerb::Read, "r"),
    (CaseVerb::Satisfied, "s"),
    (CaseVerb::NotSatisfied, "n"),
];

impl CaseTap {
    fn encode(self) -> String {
        let verb = CASE_VERBS
            .iter()
            .find(|(v, _)| *v == self.verb)
            .map_or("?", |(_, code)| code);
        format!("k:{verb}:{}", self.case.0)
    }

    fn parse(rest: &str) -> Option<Self> {
        let (verb, id) = rest.split_once(':')?;
        let verb = CASE_VERBS.iter().find(|(_, code)| *code == verb)?.0;
        let id: i64 = id.parse().ok()?;
        Some(Self {
            verb,
            case: CaseId(id),
        })
    }
}

impl FeedbackTap {
    fn encode(&self) -> String {
        match self {
            Self::New => "new".into(),
            Self::AboutAgency => "sa".into(),
            Self::AboutProcedure => "sp".into(),
            Self::AboutProvince => "sv".into(),
            Self::Agency(r) => format!("a:{}", r.0),
            Self::Procedure(r) => format!("p:{}", r.0),
            Self::AgencyPage(page) => format!("ap:{page}"),
            Self::ProcedurePage(page) => format!("pp:{page}"),
            Self::Kind(kind) => format!("k:{kind}"),
            Self::PhotosDone => "next".into(),
            Self::Publish => "pub".into(),
            Self::Send => "send".into(),
            Self::Cancel => "x".into(),
            Self::SkipReason => "skip".into(),
        }
    }

    fn parse(rest: &str) -> Option<Self> {
        Some(match rest {
            "new" => Self::New,
            "sa" => Self::AboutAgency,
            "sp" => Self::AboutProcedure,
            "sv" => Self::AboutProvince,
            "next" => Self::PhotosDone,
            "pub" => Self::Publish,
            "send" => Self::Send,
            "x" => Self::Cancel,
            "skip" => Self::SkipReason,
            _ => match rest.split_once(':')? {
                ("a", r) => Self::Agency(ShortRef::parse(r)?),
                ("p", r) => Self::Procedure(ShortRef::parse(r)?),
                ("ap", page) => Self::AgencyPage(page.parse().ok()?),
                ("pp", page) => Self::ProcedurePage(page.parse().ok()?),
                ("k", kind) => Self::Kind(CaseKind::parse(kind).ok()?),
                _ => return None,
            },
        })
    }
}

/// What a `/comments` page button needs to fetch its page: no tag, since
/// the flow checks the presser's own scope on every press, whoever made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentsPage {
    pub towards: Towards,
    /// The rating the page starts after (older) or before (newer).
    pub from: ResponseId,
    pub size: PageSize,
    pub agency: Option<ShortRef>,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

const COMMENTS: &str = "p";
const DAY: &str = "%Y%m%d";

impl CommentsPage {
    fn encode(&self) -> String {
        let towards = match self.towards {
            Towards::Older => "o",
            Towards::Newer => "n",
        };
        let agency = self.agency.as_ref().map_or("", |r| r.0.as_str());
        format!(
            "{COMMENTS}:{towards}:{}:{}:{agency}:{}:{}",
            self.from.0,
            self.size.get(),
            self.first.format(DAY),
            self.last.format(DAY)
        )
    }

    fn parse(rest: &str) -> Option<Self> {
        let parts: Vec<&str> = rest.split(':').collect();
        let [towards, from, size, agency, first, last] = parts.as_slice() else {
            return None;
        };
        let day = |raw: &str| NaiveDate::parse_from_str(raw, DAY).ok();
        Some(Self {
            towards: match *towards {
                "o" => Towards::Older,
                "n" => Towards::Newer,
                _ => return None,
            },
            from: ResponseId(from.parse().ok()?),
            size: PageSize::parse(size)?,
            agency: match *agency {
                "" => None,
                r => Some(ShortRef::parse(r)?),
            },
            first: day(first)?,
            last: day(last)?,
        })
    }
}

/// A tap in the broadcast dialogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastTap {
    /// Show the groups of one kind.
    Groups(Grouping),
    Choose(AudienceRef),
    /// Back to the kinds of audience.
    Back,
    Send,
    Cancel,
}

/// An audience as a button names it: places, agencies and procedures by reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceRef {
    All,
    Commune(ShortRef),
    Agency(ShortRef),
    Procedure(ShortRef),
    Language(Language),
}

/// Eleven characters that stand for a code: the first 64 bits of its SHA-256.
/// The flow finds the code again among the catalog's; two codes of one
/// catalog sharing a reference would take 2^32 codes to be likely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortRef(String);

impl ShortRef {
    pub fn of(code: &str) -> Self {
        let digest = Sha256::digest(code.as_bytes());
        Self(URL_SAFE_NO_PAD.encode(&digest[..8]))
    }

    /// Whether this reference stands for `code`.
    pub fn names(&self, code: &str) -> bool {
        Self::of(code) == *self
    }

    fn parse(raw: &str) -> Option<Self> {
        let ok = raw.len() == 11
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| Self(raw.to_owned()))
    }
}

/// An id, an argument, and the tag that proves the button was made for its presser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    id: i64,
    pub arg: String,
    tag: String,
}

const FOLLOW: &str = "f";
const UNFOLLOW: &str = "u";
const RATE: &str = "r";
const ANSWER: &str = "q";
const START_SURVEY: &str = "s";
const RATED: &str = "rated";
const FORGET: &str = "forget:yes";
const KEEP_DATA: &str = "forget:no";
const FEEDBACK_ON: &str = "g";

impl Tagged {
    fn new(signer: &Signer, user: UserId, verb: &str, id: i64, arg: &str) -> Self {
        Self {
            id,
            arg: arg.to_owned(),
            tag: signer.button_tag(user.0, &format!("{verb}:{id}")),
        }
    }

    fn verified_for(&self, signer: &Signer, user: UserId, verb: &str) -> Option<i64> {
        signer
            .check_button_tag(user.0, &format!("{verb}:{}", self.id), &self.tag)
            .then_some(self.id)
    }
}

impl Callback {
    pub fn follow(signer: &Signer, user: UserId, dossier: DossierId) -> Self {
        Self::Follow(Tagged::new(signer, user, FOLLOW, dossier.0, ""))
    }

    pub fn unfollow(signer: &Signer, user: UserId, dossier: DossierId) -> Self {
        Self::Unfollow(Tagged::new(signer, user, UNFOLLOW, dossier.0, ""))
    }

    pub fn rate(signer: &Signer, user: UserId, dossier: DossierId, level: i64) -> Self {
        Self::Rate(Tagged::new(
            signer,
            user,
            RATE,
            dossier.0,
            &level.to_string(),
        ))
    }

    pub fn answer(signer: &Signer, user: UserId, response: ResponseId, arg: &str) -> Self {
        Self::Answer(Tagged::new(signer, user, ANSWER, response.0, arg))
    }

    pub fn start_survey(signer: &Signer, user: UserId, dossier: DossierId) -> Self {
        Self::StartSurvey(Tagged::new(signer, user, START_SURVEY, dossier.0, ""))
    }

    pub fn feedback_on(signer: &Signer, user: UserId, dossier: DossierId) -> Self {
        Self::FeedbackOn(Tagged::new(signer, user, FEEDBACK_ON, dossier.0, ""))
    }

    pub fn case(verb: CaseVerb, case: CaseId) -> Self {
        Self::Case(CaseTap { verb, case })
    }

    /// The dossier a follow, unfollow, rate, ⭐ or ✉️ button acts on, if it was made for `user`.
    pub fn dossier_for(&self, signer: &Signer, user: UserId) -> Option<DossierId> {
        let (tagged, verb) = match self {
            Self::Follow(t) => (t, FOLLOW),
            Self::Unfollow(t) => (t, UNFOLLOW),
            Self::Rate(t) => (t, RATE),
            Self::StartSurvey(t) => (t, START_SURVEY),
            Self::FeedbackOn(t) => (t, FEEDBACK_ON),
            _ => return None,
        };
        tagged.verified_for(signer, user, verb).map(DossierId)
    }

    /// The response an answer button acts on, if it was made for `user`.
    pub fn response_for(&self, signer: &Signer, user: UserId) -> Option<ResponseId> {
        match self {
            Self::Answer(t) => t.verified_for(signer, user, ANSWER).map(ResponseId),
            _ => None,
        }
    }

    pub fn encode(&self) -> String {
        let tagged = |verb: &str, t: &Tagged| format!("{verb}:{}:{}:{}", t.id, t.arg, t.tag);
        match self {
            Self::SetLanguage(lang) => format!("lang:{}", lang.code()),
            Self::Follow(t) => tagged(FOLLOW, t),
            Self::Unfollow(t) => tagged(UNFOLLOW, t),
            Self::Rate(t) => tagged(RATE, t),
            Self::Answer(t) => tagged(ANSWER, t),
            Self::Broadcast(tap) => format!("b:{}", tap.encode()),
            Self::StartSurvey(t) => tagged(START_SURVEY, t),
            Self::Rated => RATED.to_owned(),
            Self::Forget => FORGET.to_owned(),
            Self::KeepData => KEEP_DATA.to_owned(),
            Self::Comments(page) => page.encode(),
            Self::FeedbackOn(t) => tagged(FEEDBACK_ON, t),
            Self::Feedback(tap) => format!("c:{}", tap.encode()),
            Self::Case(tap) => tap.encode(),
            Self::ForwardTo { case, agency } => format!("kf:{}:{}", case.0, agency.0),
            Self::ForwardPage { case, page } => format!("kp:{}:{page}", case.0),
        }
    }

    /// None for data the bot never made: garbled, or from an older version.
    /// Tags are checked by the flow, which knows who pressed.
    pub fn parse(data: &str) -> Option<Self> {
        if let Some(rest) = data.strip_prefix("b:") {
            return BroadcastTap::parse(rest).map(Self::Broadcast);
        }
        match data {
            RATED => return Some(Self::Rated),
            FORGET => return Some(Self::Forget),
            KEEP_DATA => return Some(Self::KeepData),
            _ => {}
        }
        if let Some(rest) = data.strip_prefix("c:") {
            return FeedbackTap::parse(rest).map(Self::Feedback);
        }
        if let Some(rest) = data.strip_prefix("p:") {
            return CommentsPage::parse(rest).map(Self::Comments);
        }
        if let Some(rest) = data.strip_prefix("k:") {
            return CaseTap::parse(rest).map(Self::Case);
        }
        if let Some(rest) = data.strip_prefix("kp:") {
            let (case, page) = rest.split_once(':')?;
            return Some(Self::ForwardPage {
                case: CaseId(case.parse().ok()?),
                page: page.parse().ok()?,
            });
        }
        if let Some(rest) = data.strip_prefix("kf:") {
            let (case, agency) = rest.split_once(':')?;
            return Some(Self::ForwardTo {
                case: CaseId(case.parse().ok()?),
                agency: ShortRef::parse(agency)?,
            });
        }
        let mut parts = data.split(':');
        let verb = parts.next()?;
        let callback = if verb == "lang" {
            Self::SetLanguage(Language::parse(parts.next()?).ok()?)
        } else {
            let id = parts.next()?.parse().ok()?;
            let arg = parts.next()?.to_owned();
            let tag = parts.next()?.to_owned();
            let tagged = Tagged { id, arg, tag };
            match verb {
                FOLLOW => Self::Follow(tagged),
                UNFOLLOW => Self::Unfollow(tagged),
                RATE => Self::Rate(tagged),
                ANSWER => Self::Answer(tagged),
                START_SURVEY => Self::StartSurvey(tagged),
                FEEDBACK_ON => Self::FeedbackOn(tagged),
                _ => return None,
            }
        };
        parts.next().is_none().then_some(callback)
    }
}

impl BroadcastTap {
    fn encode(&self) -> String {
        match self {
            Self::Groups(grouping) => format!("g:{}", grouping_code(*grouping)),
            Self::Choose(AudienceRef::All) => "a:all".into(),
            Self::Choose(AudienceRef::Commune(r)) => format!("a:c:{}", r.0),
            Self::Choose(AudienceRef::Agency(r)) => format!("a:a:{}", r.0),
            Self::Choose(AudienceRef::Procedure(r)) => format!("a:p:{}", r.0),
            Self::Choose(AudienceRef::Language(lang)) => format!("a:l:{}", lang.code()),
            Self::Back => "back".into(),
            Self::Send => "send".into(),
            Self::Cancel => "cancel".into(),
        }
    }

    fn parse(rest: &str) -> Option<Self> {
        Some(match rest {
            "back" => Self::Back,
            "send" => Self::Send,
            "cancel" => Self::Cancel,
            "a:all" => Self::Choose(AudienceRef::All),
            _ => match rest.split_once(':')? {
                ("g", kind) => Self::Groups(match kind {
                    "c" => Grouping::Commune,
                    "a" => Grouping::Agency,
                    "p" => Grouping::Procedure,
                    "l" => Grouping::Language,
                    _ => return None,
                }),
                ("a", audience) => Self::Choose(match audience.split_once(':')? {
                    ("c", r) => AudienceRef::Commune(ShortRef::parse(r)?),
                    ("a", r) => AudienceRef::Agency(ShortRef::parse(r)?),
                    ("p", r) => AudienceRef::Procedure(ShortRef::parse(r)?),
                    ("l", lang) => AudienceRef::Language(Language::parse(lang).ok()?),
                    _ => return None,
                }),
                _ => return None,
            },
        })
    }
}

fn grouping_code(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Commune => "c",
        Grouping::Agency => "a",
        Grouping::Procedure => "p",
        Grouping::Language => "l",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As long as the domain lets any code be.
    const LONGEST: &str = "0123456789012345678901234567890123456789012345678901234567890123";

    #[test]
    fn every_callback_round_trips_within_64_bytes_with_the_longest_codes() {
        let signer = Signer::new("k");
        let (user, max) = (UserId(i64::MAX), i64::MAX);
        let mut callbacks: Vec<Callback> = Language::ALL
            .into_iter()
            .map(Callback::SetLanguage)
            .collect();
        callbacks.push(Callback::follow(&signer, user, DossierId(max)));
        callbacks.push(Callback::unfollow(&signer, UserId(i64::MIN), DossierId(1)));
        callbacks.push(Callback::rate(&signer, user, DossierId(max), 5));
        callbacks.push(Callback::answer(&signer, user, ResponseId(max), "a5"));
        callbacks.push(Callback::start_survey(&signer, user, DossierId(max)));
        callbacks.push(Callback::Rated);
        for towards in [Towards::Older, Towards::Newer] {
            callbacks.push(Callback::Comments(CommentsPage {
                towards,
                from: ResponseId(max),
                size: PageSize::parse("20").expect("a page size"),
                agency: Some(ShortRef::of(LONGEST)),
                first: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
                last: NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date"),
            }));
        }
        callbacks.push(Callback::Comments(CommentsPage {
            towards: Towards::Newer,
            from: ResponseId(1),
            size: PageSize::default(),
            agency: None,
            first: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
            last: NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date"),
        }));
        let taps = [
            BroadcastTap::Groups(Grouping::Commune),
            BroadcastTap::Groups(Grouping::Agency),
            BroadcastTap::Groups(Grouping::Procedure),
            BroadcastTap::Groups(Grouping::Language),
            BroadcastTap::Choose(AudienceRef::All),
            BroadcastTap::Choose(AudienceRef::Agency(ShortRef::of(LONGEST))),
            BroadcastTap::Choose(AudienceRef::Procedure(ShortRef::of(LONGEST))),
            BroadcastTap::Choose(AudienceRef::Commune(ShortRef::of(LONGEST))),
            BroadcastTap::Choose(AudienceRef::Language(Language::Km)),
            BroadcastTap::Back,
            BroadcastTap::Send,
            BroadcastTap::Cancel,
        ];
        callbacks.extend(taps.into_iter().map(Callback::Broadcast));
        callbacks.push(Callback::feedback_on(&signer, user, DossierId(max)));
        let feedback = [
            FeedbackTap::New,
            FeedbackTap::AboutAgency,
            FeedbackTap::AboutProcedure,
            FeedbackTap::AboutProvince,
            FeedbackTap::Agency(ShortRef::of(LONGEST)),
            FeedbackTap::Procedure(ShortRef::of(LONGEST)),
            FeedbackTap::AgencyPage(0),
            FeedbackTap::AgencyPage(u16::MAX),
            FeedbackTap::ProcedurePage(u16::MAX),
            FeedbackTap::PhotosDone,
            FeedbackTap::Publish,
            FeedbackTap::Send,
            FeedbackTap::Cancel,
            FeedbackTap::SkipReason,
        ];
        callbacks.extend(feedback.into_iter().map(Callback::Feedback));
        callbacks.extend(
            CaseKind::ALL
                .iter()
                .map(|kind| Callback::Feedback(FeedbackTap::Kind(*kind))),
        );
        callbacks.extend(
            CASE_VERBS
                .iter()
                .map(|(verb, _)| Callback::case(*verb, CaseId(max))),
        );
        callbacks.push(Callback::ForwardTo {
            case: CaseId(max),
            agency: ShortRef::of(LONGEST),
        });
        callbacks.push(Callback::ForwardPage {
            case: CaseId(max),
            page: u16::MAX,
        });
        for callback in callbacks {
            let data = callback.encode();
            assert!((1..=MAX_BYTES).contains(&data.len()), "{data}");
            assert_eq!(Callback::parse(&data), Some(callback));
        }
    }

    #[test]
    fn garbage_parses_to_nothing() {
        for data in [
            "",
            "lang",
            "lang:",
            "lang:fr",
            "x:1::t",
            "💥",
            "f:1",
            "f:x::tag",
            "f:1::tag:extra",
            "b:",
            "b:g:x",
            "b:a:town:1",
            "b:a:p:short",
            "b:sendx",
            "x:send",
            "rated:1",
            "s:1",
            "p:o:1:5::20260101",
            "p:x:1:5::20260101:20261231",
            "p:o:1:0::20260101:20261231",
            "p:o:1:21::20260101:20261231",
            "p:o:1:5:short:20260101:20261231",
            "p:o:1:5::20261301:20261231",
            "p:o:1:5::20260101:20261231:x",
            "c:",
            "c:k:bribe",
            "c:ap:",
            "c:ap:x",
            "c:pp:-1",
            "c:pp:65536",
            "k:z:1",
            "k:t:x",
            "k:t",
            "kf:1",
            "kf:x:AAAAAAAAAAA",
            "kp:1",
            "kp:x:1",
            "kp:1:-1",
            "kf:1:short",
        ] {
            assert_eq!(Callback::parse(data), None, "{data}");
        }
    }

    #[test]
    fn a_button_works_only_for_the_user_it_was_made_for() {
        let signer = Signer::new("k");
        let data = Callback::rate(&signer, UserId(5), DossierId(9), 1).encode();
        let parsed = Callback::parse(&data).expect("a rate button");
        assert_eq!(parsed.dossier_for(&signer, UserId(5)), Some(DossierId(9)));
        assert_eq!(parsed.dossier_for(&signer, UserId(6)), None);
        assert_eq!(parsed.response_for(&signer, UserId(5)), None);
        // The same id and tag under another verb is refused.
        let forged = Callback::parse(&data.replacen("r:", "f:", 1)).expect("parses");
        assert_eq!(forged.dossier_for(&signer, UserId(5)), None);
    }

    #[test]
    fn a_short_ref_names_its_code_only() {
        let r = ShortRef::of("1.001193");
        assert!(r.names("1.001193"));
        assert!(!r.names("1.001194"));
    }
}
