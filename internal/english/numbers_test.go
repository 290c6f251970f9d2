package english

import (
	"slices"
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		in    string
		value int64
		n     int
		ok    bool
	}{
		{"seventeen", 17, 1, true},
		{"seventeen purple", 17, 1, true},
		{"fourteen", 14, 1, true},
		{"twenty one", 21, 2, true},
		{"twenty one people", 21, 2, true},
		{"three thousand four hundred", 3400, 4, true},
		{"a hundred", 100, 2, true},
		{"a hundred people", 100, 2, true},
		{"one hundred and twenty", 120, 4, true},
		{"one hundred and twenty five", 125, 5, true},
		{"one hundred and", 100, 2, true}, // a trailing "and" is not used
		{"one hundred and cats", 100, 2, true},
		{"dozen", 12, 1, true},
		{"a dozen", 12, 2, true},
		{"two dozen eggs", 24, 2, true},
		{"half a dozen", 6, 3, true},
		{"half dozen", 6, 2, true},
		{"half a million", 500000, 3, true},
		{"fifteen hundred", 1500, 2, true},
		{"twenty one hundred", 2100, 3, true},
		{"one thousand five hundred", 1500, 4, true},
		{"one thousand twenty hundred", 1020, 3, true},
		{"three hundred thousand", 300000, 3, true},
		{"two million three thousand and one", 2003001, 6, true},
		{"a million", 1000000, 2, true},
		{"nine hundred ninety nine trillion", 999e12, 5, true},
		{"zero", 0, 1, true},
		{"zero one", 0, 1, true},
		{"forty", 40, 1, true},
		{"fourty two", 42, 2, true},
		{"3", 3, 1, true},
		{"400", 400, 1, true},
		{"3 400", 3, 1, true}, // "3,400" folded: see Numbers
		{"3 million", 3000000, 2, true},
		{"4 hundred", 400, 2, true},
		{"007", 7, 1, true},
		{"one two three", 1, 1, true},
		{"twenty thirty", 20, 1, true},
		{"three hundred four hundred", 304, 3, true},
		{"thousand thousand", 0, 0, false},
		{"one thousand thousand", 1000, 2, true},
		{"one million two billion", 1000002, 3, true}, // a scale must shrink
		{"hundred", 0, 0, false},                      // "a hundred" or "one hundred"
		{"million", 0, 0, false},
		{"hundreds", 0, 0, false},
		{"dozens", 0, 0, false},
		{"a", 0, 0, false},
		{"a cat", 0, 0, false},
		{"and one", 0, 0, false},
		{"first", 0, 0, false}, // ordinals: see Ordinal
		{"twenty first", 20, 1, true},
		{"17th", 0, 0, false},
		{"3rd", 0, 0, false},
		{"half", 0, 0, false},
		{"purple", 0, 0, false},
		{"", 0, 0, false},
		{"99999999999999999999", 0, 0, false}, // too large
		{"9223372036854775807", 9223372036854775807, 1, true},
		{"9223372036854775807 thousand", 9223372036854775807, 1, true},
		{"nine trillion", 9e12, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			value, n, ok := Number(strings.Fields(tt.in))
			if value != tt.value || n != tt.n || ok != tt.ok {
				t.Errorf("Number(%q) = %d, %d, %v; want %d, %d, %v", tt.in, value, n, ok, tt.value, tt.n, tt.ok)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []int64
	}{
		{"Seventeen judges sat on 3 cases.", []int64{17, 3}},
		{"It cost 3,400 dollars, not 1,2345 or 1,2,3.", []int64{3400, 1, 2345, 1, 2, 3}},
		{"1,000,000 people", []int64{1000000}},
		{"Twenty-one and twenty–two", []int64{21, 20, 2}}, // an en dash is not a hyphen
		{"THREE THOUSAND FOUR HUNDRED", []int64{3400}},
		{"one thousand, two hundred", []int64{1000, 200}},
		{"a hundred and fifty years", []int64{150}},
		{"the seventeenth and the twenty-first century", []int64{17, 21}},
		{"on the 17th, 2nd and 21st", []int64{17, 2, 21}},
		{"in the 1990s at 10am", []int64{1990, 10}},
		{"$1.5 billion and 2.25 million", []int64{1500000000, 2250000}},
		{"pi is 3.14 and 2.5km", nil},
		{"1.2345 thousand", nil},
		{"mp3 and covid19 and G7", nil},
		{"a dozen eggs, half a dozen apples", []int64{12, 6}},
		{"one two three", []int64{1, 2, 3}},
		{"3 million people", []int64{3000000}},
		{"between 1990 and 2000", []int64{1990, 2000}},
		{"twenty\u00a0one", []int64{21}}, // no-break space
		{"café seventeen", []int64{17}},
		{"seventeenx seventeen2 séventeen", nil},
		{"no numbers here", nil},
		{"", nil},
		{"99999999999999999999 9", []int64{9}},
		{"a a hundred", []int64{100}},
		{"the zero-day in 2021", []int64{0, 2021}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Numbers(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Numbers(%q) = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrdinal(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"first", 1, true},
		{"second", 2, true},
		{"third", 3, true},
		{"ninth", 9, true},
		{"twelfth", 12, true},
		{"twentieth", 20, true},
		{"ninetieth", 90, true},
		{"hundredth", 100, true},
		{"thousandth", 1000, true},
		{"zeroth", 0, true},
		{"1st", 1, true},
		{"2nd", 2, true},
		{"3rd", 3, true},
		{"4th", 4, true},
		{"11th", 11, true},
		{"12th", 12, true},
		{"13th", 13, true},
		{"17th", 17, true},
		{"21st", 21, true},
		{"22nd", 22, true},
		{"101st", 101, true},
		{"111th", 111, true},
		{"1th", 0, false},
		{"11st", 0, false},
		{"3d", 0, false},
		{"17", 0, false},
		{"th", 0, false},
		{"seventeen", 0, false},
		{"firsts", 0, false},
		{"99999999999999999999th", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Ordinal(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Ordinal(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestIsNumberWord(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"seventeen", true},
		{"zero", true},
		{"hundred", true},
		{"hundreds", true},
		{"thousands", true},
		{"millions", true},
		{"dozen", true},
		{"dozens", true},
		{"half", true},
		{"twice", true},
		{"once", true},
		{"400", true},
		{"first", false},
		{"17th", false},
		{"a", false},
		{"and", false},
		{"many", false},
		{"purple", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsNumberWord(tt.in); got != tt.want {
				t.Errorf("IsNumberWord(%q) = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
}

// sentence is a long sentence with numbers in digits and words.
const sentence = "On 17 March 2021 the Chamber, with three thousand four hundred " +
	"pages before it and 1,250 exhibits, heard twenty-one witnesses over the " +
	"seventeenth session; about half a dozen were recalled, and 2.5 million " +
	"euros were awarded to the 12th victim."

func TestNumbersAllocations(t *testing.T) {
	dst := make([]int64, 0, 16)
	if n := testing.AllocsPerRun(100, func() { AppendNumbers(dst[:0], sentence) }); n != 0 {
		t.Errorf("AppendNumbers with room allocates %v times; want 0", n)
	}
}

func BenchmarkNumbers(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Numbers(sentence)
	}
}

func BenchmarkAppendNumbers(b *testing.B) {
	dst := make([]int64, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendNumbers(dst[:0], sentence)
	}
}

// Years are said in two halves.
func TestNumbersSpokenYears(t *testing.T) {
	tests := map[string][]int64{
		"warrants from twenty twenty-three and twenty twenty-four": {2023, 2024},
		"on the sixth of may nineteen thirty-one":                  {6, 1931},
		"nineteen ninety-eight":                                    {1998},
		"twenty twenty":                                            {2020},
		"sixteen ten thousand":                                     {16, 10000}, // no year: the second half is no two-digit number
		"twenty 24":                                                {20, 24},    // digits are not said
		"two thousand and two":                                     {2002},
	}
	for text, want := range tests {
		if got := Numbers(text); !slices.Equal(got, want) {
			t.Errorf("Numbers(%q) = %v; want %v", text, got, want)
		}
	}
}
