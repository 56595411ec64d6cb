package review

import (
	"testing"

	"github.com/smsgen/smsgen/internal/model"
)

// An SOP moved down a few lines (a front-matter key added above it) has not
// changed; one whose step changed has.
func TestSameSOPIgnoresPositions(t *testing.T) {
	mk := func(off int, actor string) *model.SOP {
		return &model.SOP{Number: "SOP-1", Name: "SOP", Actors: []string{"A"}, Line: 10 + off,
			Lines: map[string]int{"number": 11 + off}, ItemLines: map[string][]int{"actors": {12 + off}},
			Steps: []model.SOPStep{{Num: 1, Activity: "Mulai", Actor: actor, Kind: "start", Line: 14 + off,
				Lines: map[string]int{"actor": 15 + off}}}}
	}
	if !sameSOP(mk(0, "A"), mk(3, "A")) {
		t.Error("an SOP that only moved counts as changed")
	}
	if sameSOP(mk(0, "A"), mk(3, "B")) {
		t.Error("an SOP whose step's actor changed counts as unchanged")
	}
}
