//! Long lists of choices shown a page at a time under one message, with
//! ‹ › buttons to the pages before and after: the agencies a citizen picks
//! from, and those staff forward a case to.

use fluent_bundle::FluentValue;

use super::{Button, Callback};
use crate::domain::Language;
use crate::i18n::{I18n, Key};

/// Choices to a page: ten long names fit a phone's screen with the page
/// buttons still in sight.
const PAGE_SIZE: usize = 10;

/// One page of a list: its choices, which page it is and of how many.
pub struct Page<T> {
    pub choices: Vec<T>,
    page: usize,
    pages: usize,
}

impl<T> Page<T> {
    /// Page `page` (from 0) of `all`; a page past the end is the last.
    pub fn of(all: Vec<T>, page: usize) -> Self {
        let pages = all.len().div_ceil(PAGE_SIZE).max(1);
        let page = page.min(pages - 1);
        let choices = all
            .into_iter()
            .skip(page * PAGE_SIZE)
            .take(PAGE_SIZE)
            .collect();
        Self {
            choices,
            page,
            pages,
        }
    }

    /// The ‹ › buttons to the other pages, each a callback `to_page` makes;
    /// None for a list of one page.
    pub fn paging(
        &self,
        i18n: &I18n,
        lang: Language,
        to_page: impl Fn(usize) -> Callback,
    ) -> Option<Vec<Button>> {
        let button = |key: Key, page: usize| Button {
            label: i18n.t(lang, key),
            callback: to_page(page),
        };
        let mut row = Vec::new();
        if self.page > 0 {
            row.push(button(Key::CasePickPrevious, self.page - 1));
        }
        if self.page + 1 < self.pages {
            row.push(button(Key::CasePickNext, self.page + 1));
        }
        (!row.is_empty()).then_some(row)
    }

    /// "Page 2 of 9"; None for a list of one page.
    pub fn line(&self, i18n: &I18n, lang: Language) -> Option<String> {
        (self.pages > 1).then(|| {
            i18n.t_args(
                lang,
                Key::CasePickPage,
                &[
                    ("page", FluentValue::from(self.page + 1)),
                    ("pages", FluentValue::from(self.pages)),
                ],
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::callback::FeedbackTap;

    fn to_page(page: usize) -> Callback {
        Callback::Feedback(FeedbackTap::AgencyPage(u16::try_from(page).unwrap_or(0)))
    }

    #[test]
    fn pages_hold_ten_and_a_page_past_the_end_is_the_last() {
        let i18n = I18n::load().unwrap();
        let first = Page::of((0..25).collect(), 0);
        assert_eq!(first.choices, (0..10).collect::<Vec<_>>());
        let paging = |page: &Page<i32>| page.paging(&i18n, Language::Vi, to_page);
        let first_row = paging(&first).unwrap_or_default();
        assert_eq!(first_row.len(), 1, "only › on the first page");
        assert_eq!(
            (&first_row[0].label, &first_row[0].callback),
            (&i18n.t(Language::Vi, Key::CasePickNext), &to_page(1))
        );
        assert_eq!(
            first.line(&i18n, Language::En).as_deref(),
            Some("Page 1 of 3")
        );
        let last = Page::of((0..25).collect(), 7);
        assert_eq!(last.choices, (20..25).collect::<Vec<_>>());
        let last_row = paging(&last).unwrap_or_default();
        assert_eq!(last_row.len(), 1, "only ‹ on the last page");
        assert_eq!(
            (&last_row[0].label, &last_row[0].callback),
            (&i18n.t(Language::Vi, Key::CasePickPrevious), &to_page(1))
        );
        let one = Page::of(vec![1, 2], 0);
        assert!(one.paging(&i18n, Language::En, to_page).is_none());
        assert!(one.line(&i18n, Language::En).is_none());
        assert!(Page::<u8>::of(Vec::new(), 3).choices.is_empty());
    }
}
