package cli

import "github.com/smsgen/smsgen/internal/render/pdf"

func init() { renderers["pdf"] = pdf.Renderer{} }
