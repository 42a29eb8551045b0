//! Slash commands, as people type them: `/start`, `/help@hailong_bot`, any case.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Help,
    Language,
    Unknown,
}

/// The command in `text`, if it is one meant for this bot.
pub fn parse(text: &str, bot_username: &str) -> Option<Command> {
    let word = text
        .trim_start()
        .strip_prefix('/')?
        .split_whitespace()
        .next()?;
    let (name, target) = match word.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (word, None),
    };
    if target.is_some_and(|t| !t.eq_ignore_ascii_case(bot_username)) {
        return None;
    }
    Some(match name.to_ascii_lowercase().as_str() {
        "start" => Command::Start,
        "help" => Command::Help,
        "language" | "lang" => Command::Language,
        _ => Command::Unknown,
    })
}

/// In a group: a command or a mention aimed at this bot by name.
pub fn addresses_bot(text: &str, bot_username: &str) -> bool {
    let mention = format!("@{}", bot_username.to_ascii_lowercase());
    text.to_lowercase().contains(&mention)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_commands_in_any_case_and_with_the_bots_name() {
        assert_eq!(parse("/start", "hl_bot"), Some(Command::Start));
        assert_eq!(parse("  /HELP extra", "hl_bot"), Some(Command::Help));
        assert_eq!(parse("/language@HL_bot", "hl_bot"), Some(Command::Language));
        assert_eq!(parse("/frobnicate", "hl_bot"), Some(Command::Unknown));
    }

    #[test]
    fn ignores_commands_for_other_bots_and_plain_text() {
        assert_eq!(parse("/start@other_bot", "hl_bot"), None);
        assert_eq!(parse("hello /start", "hl_bot"), None);
        assert_eq!(parse("/", "hl_bot"), None);
    }

    #[test]
    fn a_group_message_addresses_the_bot_by_mention() {
        assert!(addresses_bot("/start@HL_bot", "hl_bot"));
        assert!(addresses_bot("hỏi @hl_bot giúp", "hl_bot"));
        assert!(!addresses_bot("/start", "hl_bot"));
        assert!(!addresses_bot("xin chào", "hl_bot"));
    }
}
