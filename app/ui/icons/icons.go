// Package icons turns the embedded PNGs of package assets into the Fyne
// resources the tray and the windows show. Each resource is made once, so
// that the tray can tell by identity which icon it last set.
package icons

import (
	"fyne.io/fyne/v2"

	"github.com/utec-tray/utec-tray/assets"
)

func resource(img assets.Image) fyne.Resource { return fyne.NewStaticResource(img.Name, img.PNG) }

// The tray icons in colour and as templates (see assets for what each
// shows), and the app icon.
var (
	IconLocked            = resource(assets.IconLocked)
	IconLockedBadge       = resource(assets.IconLockedBadge)
	IconUnlocked          = resource(assets.IconUnlocked)
	IconUnlockedBadge     = resource(assets.IconUnlockedBadge)
	IconNeutral           = resource(assets.IconNeutral)
	IconNeutralBadge      = resource(assets.IconNeutralBadge)
	IconSignedOut         = resource(assets.IconSignedOut)
	TemplateLocked        = resource(assets.TemplateLocked)
	TemplateLockedBadge   = resource(assets.TemplateLockedBadge)
	TemplateUnlocked      = resource(assets.TemplateUnlocked)
	TemplateUnlockedBadge = resource(assets.TemplateUnlockedBadge)
	TemplateNeutral       = resource(assets.TemplateNeutral)
	TemplateNeutralBadge  = resource(assets.TemplateNeutralBadge)
	TemplateSignedOut     = resource(assets.TemplateSignedOut)
	AppIcon               = resource(assets.AppIcon)
)
