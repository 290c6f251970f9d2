// Package english knows the general English a chat question is typed in:
// which tokens are words, how numbers, dates and ordinals are spelled, chat
// shorthand, and everyday typos of the small words questions hang on.
//
// It holds general resources only — a standard word list and closed sets
// such as number words — never vocabulary fitted to a document or a
// question, so that what the bot understands does not depend on what it
// happens to have been shown.
//
// Functions that take a word expect it folded the way the rest of the bot
// folds text: lower case, diacritics removed, split at anything that is not
// a letter or digit ("twenty-one" arrives as "twenty", "one"; "it's" as
// "it", "s"). They do no folding of their own and find nothing in anything
// else. Numbers and AppendNumbers, which scan raw text, are the exception.
package english

//go:generate go run ./internal/gen -in /usr/share/dict/american-english,/usr/share/dict/british-english -out words.txt
