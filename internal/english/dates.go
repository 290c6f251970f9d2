package english

import "time"

// Month returns the month w names, in full or abbreviated ("dec",
// "sept", "sep"), 1 for January. Some names are also common words ("may",
// "march", and the abbreviations "mar", "jan", "jun"): Month returns them
// all, and callers decide by context whether a date is meant.
func Month(w string) (int, bool) {
	switch w {
	case "january", "jan":
		return 1, true
	case "february", "feb", "febuary": // the misspelling is common enough to read
		return 2, true
	case "march", "mar":
		return 3, true
	case "april", "apr":
		return 4, true
	case "may":
		return 5, true
	case "june", "jun":
		return 6, true
	case "july", "jul":
		return 7, true
	case "august", "aug":
		return 8, true
	case "september", "sep", "sept":
		return 9, true
	case "october", "oct":
		return 10, true
	case "november", "nov":
		return 11, true
	case "december", "dec":
		return 12, true
	}
	return 0, false
}

// Weekday returns the day of the week w names, in full, in the plural ("on
// mondays") or abbreviated ("thu", "thurs", "tues", "weds"). Like Month it
// returns abbreviations that are also words ("sun", "wed", "sat"); callers
// decide by context.
func Weekday(w string) (time.Weekday, bool) {
	switch w {
	case "sunday", "sundays", "sun":
		return time.Sunday, true
	case "monday", "mondays", "mon":
		return time.Monday, true
	case "tuesday", "tuesdays", "tue", "tues":
		return time.Tuesday, true
	case "wednesday", "wednesdays", "wed", "weds":
		return time.Wednesday, true
	case "thursday", "thursdays", "thu", "thur", "thurs":
		return time.Thursday, true
	case "friday", "fridays", "fri":
		return time.Friday, true
	case "saturday", "saturdays", "sat":
		return time.Saturday, true
	}
	return 0, false
}
