package english

import (
	"slices"
	"testing"
)

func TestAmounts(t *testing.T) {
	for _, c := range []struct {
		text string
		want []int64 // in hundredths
		said []string
	}{
		{"A single costs £3.90.", []int64{390}, []string{"£3.90"}},
		{"is it still three pound ninety?", []int64{390}, []string{"three pound ninety"}},
		{"one pound sixty for half a dozen eggs", []int64{160}, []string{"one pound sixty"}},
		{"seven pounds forty for a child", []int64{740}, []string{"seven pounds forty"}},
		{"is the membership twenty quid?", []int64{2000}, []string{"twenty quid"}},
		{"Junior members pay £20 a month", []int64{2000}, []string{"£20"}},
		{"twenty quid a month", []int64{2000}, []string{"twenty quid"}},
		{"fifteen hundred quid", []int64{150000}, []string{"fifteen hundred quid"}},
		{"a grant of £4,500 and £1.5 million", []int64{450000, 150000000}, []string{"£4,500", "£1.5 million"}},
		{"four and a half grand", []int64{450000}, []string{"four and a half grand"}},
		{"more than ten grand in reserves", []int64{1000000}, []string{"ten grand"}},
		{"a grand, or a hundred dollars", []int64{100000, 10000}, []string{"a grand", "a hundred dollars"}},
		{"£10k from the fund, $3.10 to $3.42", []int64{1000000, 310, 342}, []string{"£10k", "$3.10", "$3.42"}},
		{"thirty bucks every four weeks", []int64{3000}, []string{"thirty bucks"}},
		{"50p a cup, or fifty pence", []int64{50, 50}, []string{"50p", "fifty pence"}},
		{"costs €12.5", []int64{1250}, []string{"€12.5"}},
		{"20 quid, 3 pounds", []int64{2000, 300}, []string{"20 quid", "3 pounds"}},
		// No sign of money: a time, a length, a count.
		{"doors open at 3 p.m. and 7.30pm", nil, nil},
		{"page 5 p 6", nil, nil},
		{"it is 3.90 km and a 10k run", nil, nil},
		{"seventeen purple umbrellas", nil, nil},
		{"£3.905 is no price; £ 20 is spaced", nil, nil},
		{"a pound of flour", nil, nil},
		// "a grand" as an adjective, and the halves of other numbers.
		{"we had a grand time at a grand piano recital", nil, nil},
		{"it cost a grand a month", []int64{100000}, []string{"a grand"}},
		{"half a grand", nil, nil},
		// A sum does not start inside a number, nor go on across
		// punctuation.
		{"3 thousand five hundred pounds", []int64{350000}, []string{"3 thousand five hundred pounds"}},
		{"three hundred and forty five thousand two hundred and fifty pounds", []int64{34525000}, []string{"three hundred and forty five thousand two hundred and fifty pounds"}},
		{"Tickets are ten pounds. Twenty volunteers help.", []int64{1000}, []string{"ten pounds"}},
		{"is it ten pounds, twenty for two?", []int64{1000}, []string{"ten pounds"}},
		{"five pounds fifty pence", []int64{550}, []string{"five pounds fifty pence"}},
		{"two dollars fifty cents", []int64{250}, []string{"two dollars fifty cents"}},
		// Too large for any price, digits glued to letters, and a screen's
		// "1080p".
		{"£99999999999999999 and £9999999999bn", nil, nil},
		{"abc50p and 1080p video", nil, nil},
	} {
		var got []int64
		var said []string
		for _, a := range Amounts(c.text) {
			got = append(got, a.Minor)
			said = append(said, c.text[a.Start:a.End])
		}
		if !slices.Equal(got, c.want) || !slices.Equal(said, c.said) {
			t.Errorf("Amounts(%q) = %v %q, want %v %q", c.text, got, said, c.want, c.said)
		}
	}
}

func BenchmarkAmounts(b *testing.B) {
	const text = "The Trust's grant of £12,500 paid for new lighting; tickets cost £3.90, or twenty quid for a season, and doors open at 7.30pm on 14 March."
	for b.Loop() {
		Amounts(text)
	}
}

func BenchmarkAmountsNone(b *testing.B) {
	const text = "The Trust's new lighting was fitted in March by volunteers; doors open at 7.30pm on 14 March and the hall holds 120 people."
	for b.Loop() {
		Amounts(text)
	}
}

// Every unit word is found by the cheap check that comes first.
func TestMoneyStemsCoverUnits(t *testing.T) {
	for w := range moneyUnits {
		if w != "p" && nextTrigger("two "+w, 0) != 4 {
			t.Errorf("nextTrigger(%q) = %d, want 4", "two "+w, nextTrigger("two "+w, 0))
		}
	}
}
