package cli

import "github.com/smsgen/smsgen/internal/render/xlsx"

func init() { renderers["xlsx"] = xlsx.Renderer{} }
