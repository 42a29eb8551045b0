# English.

start =
    Hello! I am Hailong, the public-service assistant of { $province } province.
    • Send the dossier code printed on your receipt to see where your dossier stands, and get a message whenever it changes.
    • When you receive the result, rate the service in a few taps.
    Type /help for instructions, /language to change the language.
help =
    Here is what I can do:
    /start — introduction
    /help — these instructions
    /language — change the language (Tiếng Việt, English, ភាសាខ្មែរ)
    Your data: I keep only your Telegram user id and the language you chose, never your name or phone number.
language-prompt = Choose your language:
language-changed = Switched to English.
not-understood = I did not understand that message. Type /help to see what I can do.
unknown-command = I do not know that command. Type /help to see the commands you can use.
media-unsupported = I can only read text messages. Type what you need, or /help for instructions.
edited-unsupported = I do not read edited messages. Please send it again as a new message.
group-private-only = To keep your dossier private, I only talk in private chats. Message me at t.me/{ $bot }
button-expired = This button is no longer active.
error-apology = Sorry, something went wrong while handling this message. Please try again in a few minutes.
command-start = Introduction and getting started
command-help = How to use the bot
command-language = Change the language
