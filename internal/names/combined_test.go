package names_test

import (
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/model"
	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/render/xlsx"
)

// TestCombinedWorkbookKept: a register whose name is the combined
// workbook's never gets that workbook's file name.
func TestCombinedWorkbookKept(t *testing.T) {
	stem := strings.TrimSuffix(xlsx.Combined, ".xlsx")
	for _, name := range []string{stem, strings.ToUpper(stem)} {
		site := &model.Site{Registers: map[string]*model.Register{name: {Name: name}}}
		if got := names.Allocate(site).Workbook(name); strings.EqualFold(got, xlsx.Combined) {
			t.Errorf("register %q: workbook %q, the name of the combined workbook", name, got)
		}
	}
}
