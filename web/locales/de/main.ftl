# ideashelf — Deutsch. Schlüssel wie in en/main.ftl; docs/PAGES.md erklärt die Benennung.

lang-name = Deutsch
skip-to-content = Zum Inhalt springen
nav-label = Hauptnavigation
nav-home = Start
nav-submit = Idee einreichen
nav-login = Anmelden
nav-register = Mitmachen
nav-logout = Abmelden
nav-logout-everywhere = Überall abmelden
logout-everywhere-hint = Beendet jede Sitzung deines Kontos, auf jedem Gerät.
flash-signed-out-everywhere = Du bist auf allen Geräten abgemeldet.
signed-in-as = Angemeldet als
lang-switch-label = Sprache
nav-menu = Menü
footer-tagline = ideashelf — wo gute Ideen ins Regal kommen. Von der Community, für die Community.
breadcrumb-label = Brotkrümelnavigation
field-optional = (freiwillig)
error-prefix = Fehler:
form-errors-heading = Bitte prüfe diese Felder
cancel = Abbrechen

## Start
home-title = Ideen, die Unterstützung verdienen
home-heading = Teile deine Idee. Unterstütze die besten.
home-lead = Ideen mit genügend Unterstützung prüft das Produktteam — und vielleicht stehen sie bald im Regal.
home-cta-submit = Idee einreichen
home-cta-join = Mitmachen
home-open-challenges = Offene Challenges
home-no-challenges = Gerade ist keine Challenge offen. Die offene Pinnwand nimmt immer Ideen an.
home-top-ideas = Top-Ideen
home-new-ideas = Neue Ideen
home-no-ideas = Noch keine Ideen — sei die oder der Erste!

## Ideen und Challenges
idea-by = von { $author }
tags-label = Schlagwörter
open-board = Offene Pinnwand
idea-status = { $status ->
    [pending] Wartet auf Prüfung
    [gathering_support] Sammelt Unterstützung
    [in_review] In Prüfung
    [approved] Angenommen
    [declined] Abgelehnt
    [in_development] In Entwicklung
    [in_production] In Produktion
    [on_shelf] Im Regal
    [rejected] Zurückgewiesen
    [expired] Abgelaufen
    [merged] Zusammengeführt
   *[other] { $status }
}
supporters = { $count ->
    [one] { $shown } Unterstützung
   *[other] { $shown } Unterstützungen
}
supporters-label = { $count ->
    [one] Unterstützung
   *[other] Unterstützungen
}
comment-count = { $count ->
    [one] { $shown } Kommentar
   *[other] { $shown } Kommentare
}
progress-label = { $percent } Prozent des Ziels
progress-goal = Ziel: { $threshold } Unterstützungen
progress-reached = Ziel erreicht — das Produktteam prüft diese Idee.
challenge-phase = { $phase ->
    [open] Offen
    [upcoming] Demnächst
   *[closed] Abgeschlossen
}
challenge-opens = Beginnt
challenge-closes = Endet
challenge-threshold = Nötige Unterstützungen
challenge-idea-count = Ideen
challenge-submit = Idee zu dieser Challenge einreichen
challenge-brief = Die Aufgabe
challenge-ideas = Ideen dieser Challenge
challenge-no-ideas = Hier gibt es noch keine Ideen. Deine könnte die erste sein.
sort-label = Ideen sortieren
sort-option = { $sort ->
    [new] Neueste
    [trending] Im Trend
    [discussed] Meistdiskutiert
   *[top] Meistunterstützt
}
pager-label = Seiten
pager-first = Erste Seite
pager-next = Nächste Seite

## Ideenseite
support-heading = Unterstützen
support-button = Idee unterstützen
withdraw-button = Unterstützung zurückziehen
support-you-supported = Du unterstützt diese Idee.
support-sign-in = Zum Unterstützen anmelden
support-in-challenge = Teil der Challenge
support-own-idea = Das ist deine Idee — teile sie, damit andere sie unterstützen.
support-suspended = Dein Konto ist gesperrt; du kannst keine Ideen unterstützen.
support-closed = Diese Challenge ist abgeschlossen; Unterstützungen lassen sich nicht mehr ändern.
support-not-open = Diese Challenge hat noch nicht begonnen.
support-not-gathering = { $status ->
    [in_review] Diese Idee hat ihr Ziel erreicht und wird vom Produktteam geprüft; sie braucht keine Unterstützung mehr.
    [approved] Das Produktteam hat diese Idee angenommen; Unterstützungen sind geschlossen.
    [in_development] Diese Idee wird entwickelt; Unterstützungen sind geschlossen.
    [in_production] Diese Idee wird produziert; Unterstützungen sind geschlossen.
    [on_shelf] Diese Idee hat es ins Regal geschafft; Unterstützungen sind geschlossen.
    [declined] Das Produktteam hat diese Idee abgelehnt; sie sammelt keine Unterstützung mehr.
    [expired] Die Zeit dieser Idee ist abgelaufen, bevor sie ihr Ziel erreichte; sie sammelt keine Unterstützung mehr.
    [merged] Diese Idee wurde mit einer anderen zusammengeführt; unterstütze stattdessen jene.
    [rejected] Die Moderation hat diese Idee nicht freigegeben; sie kann nicht unterstützt werden.
   *[other] Diese Idee sammelt keine Unterstützung mehr.
}
comments-heading = Kommentare
comments-empty = Noch keine Kommentare. Beginne das Gespräch!
comments-more = Weitere Kommentare
comment-hidden = Dieser Kommentar wurde von der Moderation ausgeblendet.
replies-label = Antworten an { $author }
reply-button = Antworten
field-reply = Deine Antwort
reply-submit = Antwort senden
field-comment = Dein Kommentar
comment-submit = Kommentar senden
comment-sign-in = Melde dich an, um mitzureden.
comment-deleted = Dieser Kommentar wurde gelöscht.
comment-edited = bearbeitet
comment-edit = Bearbeiten
comment-edit-save = Änderungen speichern
field-comment-edit = Dein Kommentar
hint-comment-edit = Du kannst ihn bis { $until } ändern.
comment-delete = Löschen
comment-delete-confirm = Diesen Kommentar löschen? Antworten darauf bleiben stehen, er selbst wird als gelöscht angezeigt.
comment-delete-button = Kommentar löschen
comment-remove = Entfernen
hint-comment-remove = Die Autorin oder der Autor sieht diesen Grund; das Entfernen steht im Prüfprotokoll. Mindestens 3 Zeichen.
comment-remove-button = Kommentar entfernen

## Formular „Idee einreichen“
new-idea-title = Idee einreichen
new-idea-lead = Beschreibe deine Idee so, dass andere sie sich vorstellen können. Ideen mit genügend Unterstützung prüft das Produktteam.
field-challenge = Challenge
hint-challenge = Reiche zu einer offenen Challenge ein oder für alles andere auf die offene Pinnwand.
field-title = Titel
hint-title = { $min } bis { $max } Zeichen.
field-summary = Zusammenfassung
hint-summary = Ein, zwei Sätze, höchstens { $max } Zeichen.
field-body = Beschreibung
hint-body = Markdown geht: **fett**, Listen, Links.
field-tags = Schlagwörter
hint-tags = Mit Kommas getrennt, höchstens { $max }.
new-idea-submit = Idee einreichen

## Konten
login-title = Anmelden
field-login = Benutzername oder E-Mail
field-password = Passwort
login-submit = Anmelden
login-no-account = Neu hier?
register-title = Bei ideashelf mitmachen
register-lead = Reiche Ideen ein, unterstütze deine Favoriten und tausche dich mit der Community aus.
field-handle = Benutzername
hint-handle = { $min } bis { $max } Zeichen: Buchstaben, Ziffern, _ und -. Erscheint als @benutzername.
field-email = E-Mail
field-display-name = Anzeigename
hint-password = Mindestens { $min } Zeichen.
register-submit = Konto erstellen
register-have-account = Schon dabei?

## Hinweise
flash-supported = Danke für deine Unterstützung!
flash-withdrawn = Deine Unterstützung wurde zurückgezogen.
flash-idea-submitted = Deine Idee ist online. Teile sie, um Unterstützung zu sammeln!
flash-welcome = Willkommen bei ideashelf!
flash-signed-out = Du bist abgemeldet.

## Feldfehler: err-<feld>-<code>
err-invalid = Dieser Wert ist ungültig.
err-handle-length = Ein Benutzername hat { $min } bis { $max } Zeichen.
err-handle-format = Ein Benutzername besteht aus Buchstaben, Ziffern, _ und - und beginnt mit einem Buchstaben oder einer Ziffer.
err-handle-taken = Dieser Benutzername ist vergeben.
err-email-format = Gib eine E-Mail-Adresse wie name@example.org ein.
err-email-taken = Mit dieser E-Mail gibt es schon ein Konto; melde dich an.
err-password-too_short = Ein Passwort hat mindestens { $min } Zeichen.
err-password-too_long = Ein Passwort hat höchstens { $max } Zeichen.
err-password-required = Gib dein Passwort ein.
err-display_name-too_long = Ein Anzeigename hat höchstens { $max } Zeichen.
err-display_name-format = Ein Anzeigename darf keine Steuerzeichen enthalten.
err-login-required = Gib deinen Benutzernamen oder deine E-Mail-Adresse ein.
err-login-mismatch = Benutzername oder E-Mail und Passwort passen zu keinem Konto.
err-title-too_short = Ein Titel hat mindestens { $min } Zeichen.
err-title-too_long = Ein Titel hat höchstens { $max } Zeichen.
err-summary-too_long = Eine Zusammenfassung hat höchstens { $max } Zeichen.
err-body-too_long = Dieser Text hat höchstens { $max } Zeichen.
err-body-required = Schreib zuerst etwas.
err-tags-too_long = Ein Schlagwort hat höchstens { $length } Zeichen.
err-tags-format = Ein Schlagwort besteht aus Buchstaben, Ziffern, - und _ (Schlagwörter mit Kommas trennen).
err-tags-too_many = Eine Idee hat höchstens { $max } Schlagwörter.
err-challenge-unknown = Diese Challenge gibt es nicht.
err-challenge-not_open = Diese Challenge nimmt gerade keine Ideen an.
err-parent_id-invalid = Antworten gehen an einen Kommentar der ersten Ebene derselben Idee.

## Fehlerseiten
error-home = Zur Startseite
error-404-title = Seite nicht gefunden
error-404-text = Diese Seite gibt es nicht (mehr). Vielleicht hat sich im Link ein Tippfehler eingeschlichen?
error-403-title = Nicht erlaubt
error-csrf-title = Formular abgelaufen
error-csrf-text = Dieses Formular kam ohne gültiges Sicherheits-Token an. Geh zurück, lade die Seite neu und versuche es noch einmal.
error-409-title = Gerade nicht möglich
error-400-title = Ungültige Anfrage
error-400-text = Die Anfrage war nicht verständlich. Prüfe den Link und versuche es noch einmal.
error-429-title = Zu viele Anfragen
error-429-text = Etwas langsamer bitte — versuche es gleich noch einmal.
error-500-title = Etwas ist schiefgelaufen
error-500-text = Bei uns ist etwas schiefgelaufen. Es wurde protokolliert; bitte versuche es später noch einmal.
error-503-title = Kurz nicht verfügbar
error-503-text = Dieser Teil von ideashelf ist gerade nicht verfügbar. Alles andere funktioniert; bitte versuche es gleich noch einmal.

## Navigation: Tracker, Moderation, Benachrichtigungen
nav-roadmap = Roadmap
nav-moderation = Moderation
nav-audit = Prüfprotokoll
nav-members = Mitglieder
nav-notifications = Benachrichtigungen
nav-products = Produkte
nav-tips = Tipps
nav-dashboard = Dashboard
bell-label = { $count ->
    [0] Benachrichtigungen
   *[other] Benachrichtigungen, { $count } ungelesen
}

## Ideenseite: Status, Stufen, Verlauf, Neuigkeiten, Meldungen, Team
support-pending = Diese Idee wartet auf die Moderation; unterstützen kannst du sie, sobald sie freigegeben ist.
idea-pending-note = Diese Idee wartet auf die Moderation. Bis zur Freigabe sehen sie nur du und das Team.
idea-hidden-note = Diese Idee wurde von der Moderation ausgeblendet. Nur die Person, die sie eingereicht hat, und das Team sehen sie.
idea-rejected-note = Die Moderation hat diese Idee zurückgewiesen. Nur du und das Team sehen sie.
status-reason-label = Grund:
status-note-label = Notiz:
merged-into = Zusammengeführt mit
merged-into-unknown = einer anderen Idee
tier-next-goal = { $count ->
    [one] Nächstes Ziel: { $shown } Unterstützung
   *[other] Nächstes Ziel: { $shown } Unterstützungen
}
tier-deadline = Zu erreichen bis
tier-stage-label = Stufe
tier-stage = { $stage } von { $stages }
tier-review-at = Ab { $threshold } Unterstützungen prüft das Produktteam die Idee.
timeline-heading = Verlauf
timeline-to = zu
timeline-reason = Grund:
timeline-note = Notiz:
timeline-merged-link = Zur Idee, mit der sie zusammengeführt wurde
actor-role = { $role ->
    [author] Autor:in
    [moderator] Moderation
    [product_team] Produktteam
    [admin] Admin
   *[system] Automatisch
}
actor-system = dem System
decline-reason = { $reason ->
    [not_feasible] Nicht umsetzbar
    [brand_fit] Passt nicht zur Marke
    [licensing] Lizenz- oder Rechtsgründe
    [duplicate] Gibt es schon als Produkt oder Idee
   *[other] Anderer Grund (siehe Notiz)
}
reason-threshold_reached = Das letzte Unterstützungsziel wurde erreicht.
reason-deadline_passed = Die Zeit für das Unterstützungsziel ist abgelaufen.
updates-heading = Neuigkeiten von der Autorin oder dem Autor
updates-empty = Noch keine Neuigkeiten.
update-form-heading = Neuigkeit veröffentlichen
field-update-title = Titel
field-update-body = Was gibt es Neues?
hint-update-body = Markdown funktioniert. Alle, die die Idee unterstützen, werden benachrichtigt.
update-submit = Neuigkeit veröffentlichen
report-idea = Diese Idee melden
report-comment = Melden
field-report-reason = Was stimmt nicht?
hint-report-reason = Mindestens { $min } Zeichen. Die Moderation liest jede Meldung; nach mehreren Meldungen wird der Inhalt bis zur Entscheidung ausgeblendet.
report-submit = Meldung senden
staff-heading = Idee verwalten
staff-lead = Jeder Schritt erscheint im öffentlichen Verlauf und wird der Autorin oder dem Autor und allen Unterstützenden mitgeteilt.
move-button = { $to ->
    [pending] Erneut zur Prüfung einreichen
    [gathering_support] Für Unterstützung öffnen
    [in_review] In Prüfung nehmen
    [approved] Annehmen
    [declined] Ablehnen
    [in_development] Entwicklung starten
    [in_production] Produktion starten
    [on_shelf] Ins Regal stellen
    [rejected] Zurückweisen
    [expired] Als abgelaufen markieren
   *[other] Verschieben nach { $to }
}
field-move-note = Öffentliche Notiz
hint-move-note = Erscheint im Verlauf. Höchstens { $max } Zeichen.
field-decline-reason = Grund der Ablehnung
choose-reason = Grund wählen
field-reject-reason = Grund (sieht die Autorin oder der Autor)
field-product = Produkt (Katalognummer oder Name)
merge-heading = Mit einer anderen Idee zusammenführen
field-merge-into = Die Idee, in die diese aufgeht
hint-merge-into = Link oder ID einfügen. Unterstützungen und Kommentare beider Ideen werden vereint.
field-merge-note = Notiz für den Verlauf
merge-submit = Zusammenführen
unmerge-lead = Diese Idee wurde zusammengeführt. Rückgängig gemacht, bekommen beide Ideen ihre Unterstützungen und Kommentare zurück.
unmerge-submit = Zusammenführung rückgängig machen

## Roadmap
roadmap-title = Roadmap
roadmap-heading = Von der Idee ins Regal
roadmap-lead = Ideen, die die Community bis zur Prüfung getragen hat — und wie weit sie seither gekommen sind.
roadmap-empty = Noch nichts hier.
roadmap-count = { $count ->
    [one] 1 Idee
   *[other] { $count } Ideen
}
roadmap-moved = Seit

## Moderation
moderation-title = Moderation
moderation-lead = Neue Ideen in moderierten Challenges und gemeldete Inhalte, die ältesten zuerst.
moderation-empty = Nichts zu tun — die Warteschlange ist leer.
queue-kind = { $kind ->
    [pending_idea] Neue Idee
    [reported_idea] Gemeldete Idee
    [reported_review] Gemeldete Bewertung
    [reported_tip] Gemeldeter Tipp
   *[reported_comment] Gemeldeter Kommentar
}
queue-hidden = Ausgeblendet
queue-by = von
queue-since = Wartet seit
queue-reports = { $count ->
    [one] 1 offene Meldung
   *[other] { $count } offene Meldungen
}
queue-reasons = Angegebene Gründe
queue-open = { $target ->
    [review] Bewertung öffnen
    [tip] Tipp öffnen
   *[comment] Kommentar öffnen
}
field-mod-reason = Grund oder Notiz
hint-mod-reason = Freigeben: eine freiwillige Notiz für den Verlauf. Alles andere: ein Grund, den die Autorin oder der Autor sieht, mindestens 3 Zeichen.
mod-publish = Freigeben
mod-reject = Zurückweisen
mod-hide = Ausblenden
mod-keep-hidden = Ausgeblendet lassen
mod-restore = Wiederherstellen
mod-dismiss = Meldungen verwerfen
mod-suspend = @{ $author } sperren

## Benachrichtigungen
notifications-title = Benachrichtigungen
notifications-unread = { $count ->
    [0] Alles gelesen.
   *[other] { $count } ungelesen
}
notifications-empty = Noch keine Benachrichtigungen. Wenn sich bei deinen Ideen, Kommentaren oder unterstützten Ideen etwas tut, liest du es hier.
mark-all-read = Alle als gelesen markieren
mark-read = Als gelesen markieren
notif-unread = Ungelesen
notif-open = Öffnen
notif-status_changed = Neuer Status für „{ $title }“: { $to } (vorher: { $from }).
notif-by = durch { $who }
notif-reason = Grund: { $reason }
notif-note = Notiz: { $note }
notif-comment = @{ $actor } hat deine Idee „{ $title }“ kommentiert.
notif-reply = @{ $actor } hat auf deinen Kommentar zu „{ $title }“ geantwortet.
notif-creator_update = @{ $actor } hat eine Neuigkeit zu „{ $title }“ veröffentlicht: { $update }
notif-tier_reached = „{ $title }“ hat Ziel { $tier } erreicht: { $count ->
    [one] { $shown } Unterstützung.
   *[other] { $shown } Unterstützungen.
}
notif-tier_final = „{ $title }“ hat das letzte Ziel von { $shown } Unterstützungen erreicht und geht in die Prüfung.
notif-moderation = { $action ->
    [published] Deine Idee „{ $title }“ wurde freigegeben und sammelt jetzt Unterstützung.
    [rejected] Die Moderation hat deine Idee „{ $title }“ zurückgewiesen. Überarbeite sie und reiche sie erneut ein.
    [auto_hidden] { $target ->
        [comment] Dein Kommentar wurde nach { $reports } Meldungen ausgeblendet, bis die Moderation entscheidet.
        [review] Deine Bewertung wurde nach { $reports } Meldungen ausgeblendet, bis die Moderation entscheidet.
        [tip] Dein Tipp wurde nach { $reports } Meldungen ausgeblendet, bis die Moderation entscheidet.
       *[idea] Deine Idee wurde nach { $reports } Meldungen ausgeblendet, bis die Moderation entscheidet.
    }
    [hide] { $target ->
        [comment] Die Moderation hat deinen Kommentar ausgeblendet.
        [review] Die Moderation hat deine Bewertung ausgeblendet.
        [tip] Die Moderation hat deinen Tipp ausgeblendet.
       *[idea] Die Moderation hat deine Idee ausgeblendet.
    }
    [restore] { $target ->
        [comment] Die Moderation hat deinen Kommentar wiederhergestellt.
        [review] Die Moderation hat deine Bewertung wiederhergestellt.
        [tip] Die Moderation hat deinen Tipp wiederhergestellt.
       *[idea] Die Moderation hat deine Idee wiederhergestellt.
    }
    [dismiss_reports] { $target ->
        [comment] Die Meldungen gegen deinen Kommentar wurden verworfen.
        [review] Die Meldungen gegen deine Bewertung wurden verworfen.
        [tip] Die Meldungen gegen deinen Tipp wurden verworfen.
       *[idea] Die Meldungen gegen deine Idee wurden verworfen.
    }
    [suspend] Dein Konto wurde gesperrt.
    [unsuspend] Dein Konto ist wieder aktiv.
    [remove_supports] Die Moderation hat deine Unterstützungen entfernt.
   *[other] Die Moderation hat sich deine Inhalte angesehen.
}
notif-merged = „{ $title }“ wurde mit einer anderen Idee zusammengeführt.
notif-other = Auf ideashelf hat sich etwas getan.

## Einreichen: ähnliche Ideen
similar-heading = Ähnliche Ideen
similar-lead = Diese gibt es schon — vielleicht unterstützt du lieber eine davon?

## Hinweise: Tracker, Moderation, Benachrichtigungen
flash-idea-pending = Deine Idee ist eingereicht. Die Moderation prüft sie, bevor sie erscheint.
flash-moved = Erledigt. Der Verlauf zeigt den neuen Stand.
flash-err-move = Dieser Schritt ist (nicht mehr) möglich. Die Seite zeigt den aktuellen Stand.
flash-merged = Die Idee wurde zusammengeführt.
flash-unmerged = Die Zusammenführung wurde rückgängig gemacht.
flash-update-posted = Deine Neuigkeit ist veröffentlicht; alle Unterstützenden sind benachrichtigt.
flash-reported = Danke. Die Moderation sieht es sich an.
flash-reported-again = Du hattest das schon gemeldet; es zählt einmal.
flash-reported-hidden = Danke. Die Idee ist ausgeblendet, bis die Moderation entscheidet.
flash-mod-publish = Freigegeben. Die Idee sammelt jetzt Unterstützung.
flash-mod-reject = Zurückgewiesen. Die Autorin oder der Autor erfährt den Grund.
flash-mod-hide = Ausgeblendet.
flash-mod-restore = Wiederhergestellt.
flash-mod-dismiss = Die Meldungen wurden verworfen.
flash-mod-suspend = Das Mitglied ist gesperrt.
flash-err-queue = Darum hat sich schon jemand gekümmert.
flash-comment-edited = Dein Kommentar wurde geändert.
flash-comment-deleted = Dein Kommentar wurde gelöscht.
flash-comment-removed = Der Kommentar wurde entfernt.
flash-err-comment-gone = Diesen Kommentar gibt es nicht mehr.
flash-role-changed = Die Rolle wurde geändert.
flash-err-role = Das ist keine Rolle.
flash-all-read = Alle Benachrichtigungen sind als gelesen markiert.

## Feldfehler: Tracker und Moderation
err-title-length = Ein Titel hat { $min } bis { $max } Zeichen.
err-note-too_long = Eine Notiz hat höchstens { $max } Zeichen.
err-reason-too_short = Beschreibe in ein paar Worten, was nicht stimmt (mindestens { $min } Zeichen).
err-reason-too_long = Ein Grund hat höchstens { $max } Zeichen.
err-reason-required = Sag der Autorin oder dem Autor, warum — damit die Idee überarbeitet werden kann.
err-reason-invalid = Wähle einen der Gründe.
err-into-invalid = Füge den Link oder die ID einer anderen Idee ein.
err-into-unknown = Diese Idee gibt es nicht.
err-into-merged = Diese Idee wurde selbst zusammengeführt; führe mit der Idee zusammen, in die sie aufging.
err-target_type-invalid = Melden lassen sich nur Ideen, Kommentare, Bewertungen und Tipps.

## Produkte
products-title = Produkte
products-lead = Was im Regal gelandet ist — bewertet und besprochen von der Community. Manches davon begann als Idee aus der Community.
products-results = Gefundene Produkte
products-none = Noch keine Produkte.
products-none-filtered = Kein Produkt passt zu diesen Filtern.
filters-heading = Filtern
filters-apply = Anwenden
filters-reset = Zurücksetzen
filters-active = Aktive Filter
filter-remove = Filter { $label } entfernen
filter-category = Kategorie
filter-all-categories = Alle Kategorien
filter-brand = Marke
filter-all-brands = Alle Marken
filter-min-rating = Bewertung
filter-any-rating = Jede Bewertung
filter-rating-option = { $stars ->
    [1] ab 1 Stern
   *[other] ab { $stars } Sternen
}
filter-from-ideas = Nur Produkte aus Community-Ideen
filter-sort = Sortieren nach
product-sort = { $sort ->
    [rating] Beste Bewertung
    [newest] Neueste
   *[name] Name
}
product-from-community = Aus der Community
product-available = Erhältlich
product-unavailable = Nicht erhältlich
product-availability = Verfügbarkeit
product-brand = Marke
product-category = Kategorie
product-gtin = GTIN
product-origin = Aus der Community-Idee
product-origin-by = von @{ $author }
product-edit = Produkt bearbeiten
rating-count = { $count ->
    [one] { $shown } Bewertung
   *[other] { $shown } Bewertungen
}
rating-none = Noch keine Bewertungen
rating-average-label = Durchschnitt { $average } von 5 Sternen
rating-of-five = von 5
ratings-heading = Bewertungen
histogram-label = Bewertungen nach Sternen
histogram-row = { $stars ->
    [one] 1 Stern
   *[other] { $stars } Sterne
}: { $count ->
    [one] { $shown } Bewertung
   *[other] { $shown } Bewertungen
} ({ $percent } Prozent)
stars-label = { $count ->
    [one] 1 Stern
   *[other] { $count } Sterne
}
alerts-heading = { $count ->
    [one] Auffällig viele schlechte Bewertungen
   *[other] { $count } Häufungen schlechter Bewertungen
}
alert-spike = { $count ->
    [one] { $shown } schlechte Bewertung (1–2 Sterne)
   *[other] { $shown } schlechte Bewertungen (1–2 Sterne)
} innerhalb von { $hours } Stunden — üblich sind etwa { $usual } in diesem Zeitraum. Schau dir die Bewertungen an, bevor sie sich häufen.
alert-spike-new = { $count ->
    [one] { $shown } schlechte Bewertung (1–2 Sterne)
   *[other] { $shown } schlechte Bewertungen (1–2 Sterne)
} innerhalb von { $hours } Stunden — sonst gibt es kaum welche. Schau dir die Bewertungen an, bevor sie sich häufen.
alert-raised = Gemeldet am
alert-resolve = Als erledigt markieren
# Das Dashboard des Produktteams
dash-title = Dashboard
dash-title-challenge = Dashboard: { $challenge }
dash-lead = Wie Ideen von der Einreichung ins Regal kommen, woher die Unterstützung kommt und was auf euch wartet.
dash-scope-label = Challenge
dash-scope-all = Alle Challenges
dash-scope-submit = Anzeigen
dash-as-of = Stand: { $when }
dash-to-challenge = Zur Challenge
dash-kpi-submitted = Eingereichte Ideen
dash-kpi-supports = Unterstützungen in 30 Tagen
dash-kpi-waiting = Warten auf Entscheid
dash-kpi-alerts = Produkte mit Warnungen
dash-funnel-heading = Von der Einreichung ins Regal
dash-funnel-note = „Erreicht“ zählt jede Idee, die je auf einer Stufe war oder darüber hinaus kam (aus dem Statusverlauf); „jetzt dort“ zählt, wo die Ideen heute stehen.
dash-funnel-chart-title = Trichter: Ideen, die jede Stufe erreicht haben
dash-stage = { $stage ->
    [submitted] Eingereicht
    [gathering_support] Sammelt Unterstützung
    [in_review] In Prüfung
    [approved] Angenommen
    [in_development] In Entwicklung
    [in_production] In Produktion
    [on_shelf] Im Regal
   *[other] { $stage }
}
dash-percent = { $percent } %
dash-col-stage = Stufe
dash-col-reached = Erreicht
dash-col-share = Von allen eingereichten
dash-col-step = Von der Stufe davor
dash-col-now = Jetzt dort
dash-exits-heading = Ausgeschieden
dash-exit-now = ({ $shown } aktuell)
dash-days-heading = Unterstützungen pro Tag
dash-days-total = { $count ->
    [one] { $shown } Unterstützung in 30 Tagen
   *[other] { $shown } Unterstützungen in 30 Tagen
}
dash-days-chart-title = Unterstützungen pro Tag in den letzten 30 Tagen
dash-days-desc = { $total ->
    [one] { $shown } Unterstützung
   *[other] { $shown } Unterstützungen
} vom { $from } bis { $to }; der stärkste Tag brachte { $max }. Die Tabelle darunter nennt jeden Tag.
dash-days-note = Tage in UTC. Inzwischen zurückgezogene Unterstützungen und die Kopien einer Zusammenführung zählen nicht.
dash-supports = { $count ->
    [one] { $shown } Unterstützung
   *[other] { $shown } Unterstützungen
}
dash-col-day = Tag
dash-col-supports = Unterstützungen
dash-risers-heading = Aufsteiger der Woche
dash-risers-lead = Die meisten Unterstützungen in den letzten 7 Tagen, verglichen mit den 7 Tagen davor.
dash-riser-week = { $count ->
    [one] { $shown } Unterstützung diese Woche
   *[other] { $shown } Unterstützungen diese Woche
}
dash-riser-before = { $shown } in der Woche davor
dash-change-label = Veränderung:
dash-risers-empty = Keine Unterstützungen in den letzten 7 Tagen.
dash-waiting-heading = Warten auf Entscheid
dash-waiting-lead = Ideen in Prüfung, die am längsten wartende zuerst.
dash-waited = { $days ->
    [0] Wartet seit weniger als einem Tag
    [one] Wartet seit { $shown } Tag
   *[other] Wartet seit { $shown } Tagen
}
dash-waiting-since = In Prüfung seit
dash-waiting-more = …und { $shown } weitere.
dash-waiting-empty = Keine Idee wartet auf einen Entscheid.
dash-alerts-heading = Produkte mit offenen Bewertungswarnungen
dash-alerts-scoped = Produkte, die aus den Ideen dieser Challenge entstanden sind.
dash-alert-low = { $count ->
    [one] { $shown } schlechte Bewertung (1–2 Sterne) innerhalb von { $hours } Stunden
   *[other] { $shown } schlechte Bewertungen (1–2 Sterne) innerhalb von { $hours } Stunden
}
dash-alert-open = { $count ->
    [one] { $shown } offene Warnung
   *[other] { $shown } offene Warnungen
}
dash-alerts-empty = Keine offenen Warnungen.
rate-heading = Dieses Produkt bewerten
rate-yours = Deine Bewertung
rate-change = Deine Bewertung ändern
rate-hidden-note = Die Moderation hat deine Bewertung ausgeblendet; sie zählt erst wieder, wenn die Moderation sie wiederherstellt.
field-stars = Deine Sterne
field-review-title = Titel deiner Bewertung
field-review-body = Deine Bewertung
hint-review-body = Was hat dir gefallen, was nicht? Markdown funktioniert. Eine Bewertung ohne Text ist auch in Ordnung.
rate-submit = Bewertung veröffentlichen
rate-save = Änderungen speichern
rate-remove = Meine Bewertung entfernen
rate-sign-in = Zum Bewerten anmelden
rate-sign-in-lead = Schon gekauft? Erzähl der Community, wie du es findest.
reviews-heading = Rezensionen
reviews-empty = Noch keine Bewertungen mit Text.
reviews-more = Weitere Rezensionen
review-sort-label = Rezensionen sortieren
review-sort = { $sort ->
    [helpful] Hilfreichste
    [highest] Beste zuerst
    [lowest] Schlechteste zuerst
   *[newest] Neueste
}
review-by = Rezension von { $author }
report-review = Diese Rezension melden
helpful-button = Hilfreich
helpful-count = { $count ->
    [0] Noch niemand fand das hilfreich
    [one] { $shown } Person fand das hilfreich
   *[other] { $shown } Personen fanden das hilfreich
}
product-tips-heading = Tipps zu diesem Produkt
product-tips-empty = Noch keine Tipps. Kennst du einen Trick?
product-tips-all = Alle Tipps zu diesem Produkt
product-tips-write = Einen Tipp dazu schreiben
product-new-title = Produkt hinzufügen
product-edit-title = „{ $name }“ bearbeiten
product-form-lead = Produkte erscheinen sofort im Katalog. Verknüpfe die Community-Idee, aus der ein Produkt entstand, damit ihre Unterstützenden es im Regal sehen.
field-product-name = Name
field-slug = Adresse (Slug)
hint-product-slug = Kleinbuchstaben, Ziffern und Bindestriche, für den Link. Leer: wird aus dem Namen gebildet.
field-description = Beschreibung
hint-gtin = Die Nummer des Strichcodes: 8, 12, 13 oder 14 Ziffern.
field-image-ref = Bild
hint-image-ref = Ein Pfad auf dieser Website, etwa /static/img/pesto.jpg.
field-origin-idea = Community-Idee
hint-origin-idea = Füge den Link oder die ID der Idee ein, falls das Produkt aus einer stammt.
field-available = Im Laden erhältlich
product-create = Produkt hinzufügen
product-save = Produkt speichern

## Tipps
tips-title = Tipps
tips-lead = Tricks aus der Community: aufbewahren, kochen, wiederverwenden und geniessen, was im Regal steht.
tips-none = Noch keine Tipps — teile den ersten!
tips-none-filtered = Keine Tipps zu diesem Filter.
tip-sort-label = Tipps sortieren
tip-sort = { $sort ->
    [helpful] Hilfreichste
   *[new] Neueste
}
tip-kicker = Tipp
tip-new-title = Tipp schreiben
tip-edit-title = Deinen Tipp bearbeiten
tip-form-lead = Teile, was bei dir funktioniert. Kurz und praktisch ist am besten.
field-tip-product = Produkt
hint-tip-product = Geht es um ein bestimmtes Produkt? Dann erscheint der Tipp auch auf dessen Seite.
tip-no-product = Kein bestimmtes Produkt
field-tip-body = Dein Tipp
tip-publish = Tipp veröffentlichen
tip-save = Tipp speichern
tip-edit = Bearbeiten
tip-delete = Löschen
tip-delete-confirm = Diesen Tipp endgültig löschen? Das lässt sich nicht rückgängig machen.
tip-delete-yes = Ja, löschen
tip-hidden-note = Dieser Tipp ist von der Moderation ausgeblendet. Nur die Autorin oder der Autor und die Moderation sehen ihn.
tip-about = Zum Produkt
tip-more-for-product = Weitere Tipps zu diesem Produkt
report-tip = Diesen Tipp melden
helpful-heading = Hilfreich?
helpful-label = { $count ->
    [one] Person fand das hilfreich
   *[other] Personen fanden das hilfreich
}
helpful-mark = Das hat mir geholfen
helpful-undo = „Hilfreich“ zurücknehmen
helpful-you = Du fandest das hilfreich.
helpful-own = Das ist dein Tipp — andere markieren ihn, wenn er ihnen hilft.
helpful-sign-in = Anmelden, um ihn als hilfreich zu markieren

## Suche
search-title = Suche
search-title-for = Suche: { $q }
search-label = Tipps, Ideen und Produkte durchsuchen
search-placeholder = Tipps, Ideen, Produkte suchen
search-submit = Suchen
search-kinds-label = Was durchsuchen
search-kind = { $kind ->
    [tips] Tipps
    [ideas] Ideen
    [products] Produkte
    [tip] Tipp
    [idea] Idee
    [product] Produkt
    [questions] Fragen
    [question] Frage
   *[all] Alles
}
search-count = { $count ->
    [0] Keine Treffer
    [one] { $shown } Treffer
   *[other] { $shown } Treffer
}
search-more = { $kind ->
    [tips] Alle { $shown } Tipps
    [ideas] Alle { $shown } Ideen
   *[products] Alle { $shown } Produkte
}
search-none = Nichts gefunden für „{ $q }“. Versuch es mit anderen oder weniger Wörtern.
search-none-kind = { $kind ->
    [tips] Keine Tipps gefunden.
    [ideas] Keine Ideen gefunden.
   *[products] Keine Produkte gefunden.
}
search-rank = { $kind ->
    [tip] { $count ->
        [one] { $shown } fand ihn hilfreich
       *[other] { $shown } fanden ihn hilfreich
    }
    [idea] { $count ->
        [one] { $shown } Unterstützung
       *[other] { $shown } Unterstützungen
    }
   *[product] { $count ->
        [one] { $shown } Bewertung
       *[other] { $shown } Bewertungen
    }
}
search-unavailable-title = Die Suche ist gerade nicht verfügbar.
search-unavailable-text = Alles andere funktioniert, und Neues ist wieder auffindbar, sobald die Suche zurück ist. Bitte versuche es gleich noch einmal.
search-intro-heading = Tipps, Ideen und Produkte finden
search-intro = Die Suche findet Wörter in jeder Form und verzeiht Tippfehler: „Sauerteik“ findet „Sauerteig“.
search-browse = { $kind ->
    [tips] Alle Tipps durchstöbern
    [ideas] Alle Ideen durchstöbern
   *[products] Alle Produkte durchstöbern
}
facet-name = { $facet ->
    [tag] Schlagwort
    [category] Kategorie
    [brand] Marke
    [status] Status
   *[product] Produkt
}
facet-active = (aktiver Filter; auswählen zum Entfernen)

## Hinweise: Produkte, Tipps
flash-rated = Danke für deine Bewertung!
flash-rating-changed = Deine Bewertung ist aktualisiert.
flash-rating-removed = Deine Bewertung wurde entfernt.
flash-reported-review-hidden = Danke. Die Rezension ist ausgeblendet, bis die Moderation entscheidet.
flash-reported-tip-hidden = Danke. Der Tipp ist ausgeblendet, bis die Moderation entscheidet.
flash-alert-resolved = Die Warnung ist als erledigt markiert.
flash-product-created = Das Produkt ist im Katalog.
flash-product-saved = Das Produkt ist gespeichert.
flash-tip-published = Dein Tipp ist veröffentlicht. Danke fürs Teilen!
flash-tip-saved = Dein Tipp ist gespeichert.
flash-tip-deleted = Der Tipp wurde gelöscht.
flash-tip-helpful = Danke — als hilfreich markiert.
flash-tip-unhelpful = Deine Markierung wurde zurückgenommen.

## Benachrichtigungen: Produkte
notif-review_spike = „{ $product }“ hat { $count ->
    [one] { $shown } schlechte Bewertung
   *[other] { $shown } schlechte Bewertungen
} innerhalb von { $hours } Stunden bekommen — ungewöhnlich viele.

## Feldfehler: Produkte, Bewertungen, Tipps, Suche
err-name-length = Ein Name hat { $min } bis { $max } Zeichen.
err-brand-length = Gib die Marke an (höchstens { $max } Zeichen).
err-category-length = Gib die Kategorie an (höchstens { $max } Zeichen).
err-description-too_long = Eine Beschreibung hat höchstens { $max } Zeichen.
err-slug-length = Eine Adresse hat { $min } bis { $max } Zeichen.
err-slug-format = Verwende Kleinbuchstaben, Ziffern und Bindestriche im Innern (etwa hafer-drink-barista).
err-slug-taken = Ein anderes Produkt hat diese Adresse.
err-image_ref-too_long = Ein Bildverweis hat höchstens { $max } Zeichen.
err-image_ref-format = Verwende einen http(s)-Link oder einen Pfad auf dieser Website, der mit / beginnt.
err-gtin-format = Eine GTIN hat 8, 12, 13 oder 14 Ziffern.
err-gtin-check_digit = Die Prüfziffer dieser GTIN stimmt nicht — vielleicht ein Tippfehler?
err-gtin-taken = Ein anderes Produkt hat diese GTIN.
err-idea_id-unknown = Diese öffentliche Idee gibt es nicht. Füge den Link einer veröffentlichten Idee ein.
err-stars-range = Wähle 1 bis 5 Sterne.
err-review-body-required = Eine Bewertung mit Titel braucht auch einen Text.
err-tip-body-required = Schreib den Tipp selbst.
err-tip-tags-too_many = Ein Tipp hat höchstens { $max } Schlagwörter.
err-product-unknown = Dieses Produkt gibt es nicht.
err-q-too_long = Eine Suche hat höchstens { $max } Zeichen.
err-cursor-invalid = Dieser Seitenlink gilt nicht mehr; starte die Suche neu.
err-cursor-too_deep = So weit hinten werden keine Treffer gelistet; verfeinere deine Suche.
idea-became-product = Im Regal als

## Punkte, Stufen, Abzeichen, Ranglisten
nav-leaderboard = Rangliste
nav-profile = Mein Profil
level-label = Stufe { $level }
level-short = S{ $level }
level-progress = { $shown } von { $span } Punkten bis Stufe { $next }
level-top = Die höchste Stufe — weiter geht es nicht.
points-label = { $count ->
    [one] Punkt
   *[other] Punkte
}
profile-own = Das ist dein Profil. Alle können es sehen.
profile-to-board = Zur Rangliste
badges-heading = Abzeichen
badges-count = { $held } von { $total }
badge-awarded = Erhalten am
badge-locked = Noch nicht erreicht
badge-name = { $key ->
    [first_idea] Erste Idee
    [first_tip] Erster Tipp
    [first_review] Erste Bewertung
    [helpful_tips_10] Helfende Hand
    [supports_given_100] Rückenwind
    [idea_in_review] In Prüfung
    [idea_on_shelf] Im Regal
    [challenge_top_10] Top 10
    [challenge_winner] An der Spitze
    [product_tester] Produkttester
   *[other] { $name }
}
badge-description = { $key ->
    [first_idea] Eine erste Idee veröffentlicht.
    [first_tip] Einen ersten Tipp geteilt.
    [first_review] Eine erste Produktbewertung geschrieben.
    [helpful_tips_10] Tipps wurden 10-mal als hilfreich markiert.
    [supports_given_100] 100 Ideen unterstützt.
    [idea_in_review] Eine Idee hat die Prüfung durch das Produktteam erreicht.
    [idea_on_shelf] Aus einer Idee wurde ein Produkt.
    [challenge_top_10] In die Top 10 der Rangliste einer Challenge gekommen.
    [challenge_winner] Die Rangliste einer Challenge angeführt.
    [product_tester] Hat ein Produkt getestet und darüber berichtet.
   *[other] { $name }
}
history-heading = Punkteverlauf
history-points = Punkte
history-what = Wofür
history-when = Datum
history-empty = Noch keine Punkte.
history-empty-own = Noch keine Punkte. Reiche eine Idee ein, unterstütze eine, kommentiere oder teile einen Tipp — so kommen die ersten.
history-gone = { $kind ->
    [comment] der Kommentar ist nicht mehr öffentlich
    [tip] der Tipp ist nicht mehr öffentlich
    [review] die Bewertung ist nicht mehr öffentlich
   *[idea] die Idee ist nicht mehr öffentlich
}
points-rule = { $rule ->
    [idea_published] Idee veröffentlicht
    [support_given] Idee unterstützt
    [support_received] Unterstützung erhalten
    [comment] Kommentiert
    [tip] Tipp geteilt
    [tip_helpful] Tipp als hilfreich markiert
    [question] Frage gestellt
    [answer] Frage beantwortet
    [answer_helpful] Antwort als hilfreich markiert
    [answer_accepted] Antwort akzeptiert
    [rating_with_review] Produkt bewertet
    [tier_reached] Idee hat ein Unterstützungsziel erreicht
    [idea_approved] Idee angenommen
    [idea_on_shelf] Idee im Regal
    [test_report] Testbericht zu einem Produkttest
   *[other] Punkte
}
points-reason = { $reason ->
    [withdrawn] zurückgenommen: Unterstützung zurückgezogen
    [unmarked] zurückgenommen: Markierung „hilfreich“ entfernt
    [review_removed] zurückgenommen: Bewertung entfernt
    [deleted] zurückgenommen: selbst gelöscht
    [moderation] zurückgenommen: von der Moderation ausgeblendet
    [reinstated] zurückgegeben: wiederhergestellt
   *[other] zurückgenommen
}
board-title = Rangliste
board-title-challenge = Rangliste: { $challenge }
board-lead = Punkte gibt es für Ideen, Unterstützungen, Kommentare, Tipps und Bewertungen. Bei Gleichstand liegt vorn, wer zuerst dort war.
board-periods-label = Zeitraum
board-period = { $period ->
    [last30] Letzte 30 Tage
   *[all] Gesamt
}
board-challenge-label = Challenge
board-no-challenge = Ganz ideashelf
board-challenge-submit = Anzeigen
board-place = Platz
board-member = Mitglied
board-points = Punkte
board-you = du
board-my-place = Dein Platz: { $place } ({ $count ->
    [one] { $points } Punkt
   *[other] { $points } Punkte
})
board-not-placed = Du stehst noch nicht auf dieser Rangliste — deine ersten Punkte bringen dich drauf.
board-empty = Auf dieser Rangliste hat noch niemand Punkte.
board-problem-title = Diese Rangliste gibt es nicht.
board-problem-back = Zur Gesamtrangliste
err-board-period-invalid = Eine Rangliste zählt gesamt oder die letzten 30 Tage; die Rangliste einer Challenge zählt immer ihre ganze Laufzeit.
err-board-challenge-unknown = Diese Challenge gibt es nicht.
err-board-cursor-invalid = Dieser Seitenlink gilt nicht mehr; beginne wieder auf der ersten Seite.
err-board-limit-range = Dieser Seitenlink ist ungültig; beginne wieder auf der ersten Seite.
notif-badge_awarded = Du hast das Abzeichen „{ $badge }“ erhalten.

## Die Kauffrage (Issue 7)
demand-question = Würdest du es kaufen?
demand-would-buy = Würdest du dieses Produkt kaufen?
demand-yes = Ja
demand-maybe = Vielleicht
demand-no = Nein
demand-unanswered = Keine Antwort
demand-price = Zu welchem Preis?
demand-no-band = Möchte ich nicht sagen
demand-band-hint = Die Preisklassen legt die Marke der Challenge fest.
demand-save = Antwort speichern
demand-change = Antwort ändern
demand-your-answer = Deine Antwort:
demand-heading = Würden die Unterstützer es kaufen?
demand-team-only = Nur das Produktteam sieht das.
demand-bands = Gewählte Preisklassen
flash-demand-saved = Danke, deine Antwort ist gespeichert.
flash-err-demand = Diese Antwort gehört nicht zu den Auswahlmöglichkeiten.

## Verlosungen (Issue 7)
raffle-heading = Verlosung
raffle-announced = { $prizes ->
    [one] Nach dem Ende der Challenge wird ein Preis unter den Teilnehmenden verlost.
   *[other] Nach dem Ende der Challenge werden { $prizes } Preise unter den Teilnehmenden verlost.
}
raffle-drawn = { $prizes ->
    [one] Der Preis wurde unter { $count } Teilnehmenden verlost. Gewonnen hat:
   *[other] { $prizes } Preise wurden unter { $count } Teilnehmenden verlost. Gewonnen haben, in der Reihenfolge der Ziehung:
}
raffle-commitment = Verpflichtung auf den Startwert (SHA-256)
raffle-seed = Startwert
raffle-list-hash = Prüfsumme der Teilnehmerliste
raffle-commitment-explained = Der geheime Startwert der Ziehung wurde bei der Ankündigung festgelegt; das ist sein Fingerabdruck. Bei der Ziehung wird er offengelegt, so kann jede und jeder prüfen, dass er nicht geändert wurde.
raffle-check = Alle können die Gewinner nachrechnen:
raffle-json = die veröffentlichte Ziehung (JSON)
raffle-draw = Jetzt die Gewinner ziehen
raffle-announce-explained = Verlost Preise unter den Mitgliedern, die während der Challenge Ideen einreichen oder unterstützen. Alle können die Ziehung nachprüfen.
raffle-prizes = Preise
raffle-announce = Verlosung ankündigen
flash-raffle-announced = Die Verlosung ist angekündigt; die Verpflichtung auf den Startwert ist öffentlich.
flash-raffle-drawn = Die Gewinner sind gezogen und benachrichtigt.
flash-err-raffle-prizes = Gib zwischen 1 und 100 Preise an.
notif-raffle_won = Du hast bei der Verlosung von «{ $challenge }» gewonnen! (als { $place }. gezogen)
notif-answer = { $actor } hat deine Frage «{ $question }» beantwortet
notif-answer_official = Das Produktteam hat deine Frage «{ $question }» beantwortet
notif-product_question = Neue Frage zu { $product }: «{ $question }» (von { $actor })
notif-test_selected = Du wurdest gezogen, um { $product } in «{ $test }» zu testen! Dein Testbericht ist bis zum Datum auf der Seite des Tests fällig.
notif-test_report_due = Dein Bericht zu «{ $test }» ({ $product }) ist in 3 Tagen fällig.

## Die Exportseite (Issue 7)
export-title = Ideen exportieren
export-lead = Lade die Ideen herunter, die dein Team anschaut – mit Unterstützungen, Kommentaren und dem, was die Unterstützer zum Kaufen gesagt haben.
export-challenge = Challenge
export-all-challenges = Alle Challenges und die offene Ideenwand
export-states = Status
export-states-hint = Nichts angekreuzt: alle veröffentlichten Status.
export-tag = Schlagwort
export-min-supports = Mindestens so viele Unterstützungen
export-since = Eingereicht seit
export-since-hint = Ein Datum, z. B. 2026-11-01.
export-limit = Höchstens so viele Ideen
export-sort = Reihenfolge
export-sort-top = Meistunterstützt
export-sort-trending = Im Trend
export-sort-new = Neueste
export-format = Format
export-format-csv = CSV (Excel)
export-format-xlsx = Excel-Arbeitsmappe (XLSX)
export-format-json = JSON
export-format-ndjson = NDJSON (eine Idee pro Zeile)
export-privacy = Exporte nennen Mitglieder nur mit ihrem öffentlichen Namen. Jeder Export wird im Prüfprotokoll festgehalten.
export-download = Herunterladen
nav-exports = Export
err-export-challenge-unknown = Diese Challenge gibt es nicht.
err-export-status-invalid = Wähle Status aus der Liste.
err-export-min_supports-invalid = Eine ganze Zahl, 0 oder mehr.
err-export-since-invalid = Ein Datum wie 2026-11-01.
err-export-limit-range = Eine ganze Zahl von 1 bis 1'000'000.
err-export-format-invalid = Wähle ein Format aus der Liste.
err-export-sort-invalid = Wähle eine Reihenfolge aus der Liste.

## Refusals by their problem code (server/src/error/code.rs): problem-<code>, `-` for `_`
problem-bad-request = Diese Anfrage war nicht verständlich.
problem-unauthenticated = Melde dich an, um das zu tun.
problem-invalid-token = Deine Sitzung ist abgelaufen; melde dich erneut an.
problem-bad-credentials = Benutzername oder E-Mail und Passwort passen zu keinem Konto.
problem-forbidden = Das darfst du nicht.
problem-csrf = Dieses Formular kam ohne gültiges Sicherheits-Token an. Geh zurück, lade die Seite neu und versuche es noch einmal.
problem-suspended = Dein Konto ist gesperrt; du kannst nichts veröffentlichen oder unterstützen.
problem-email-not-verified = Bestätige zuerst deine E-Mail-Adresse: Wir haben dir einen Link geschickt. In den Einstellungen kannst du ihn erneut anfordern.
problem-moderators-only = Das können nur Moderatorinnen, Moderatoren und Admins.
problem-product-team-only = Das können nur das Produktteam und Admins.
problem-admins-only = Das können nur Admins.
problem-not-author = Das kann nur die Autorin oder der Autor.
problem-own-idea = Deine eigene Idee kannst du nicht unterstützen.
problem-own-content = Mit deinem eigenen Beitrag geht das nicht.
problem-not-asker = Nur wer gefragt hat oder das Produktteam markiert eine Antwort als akzeptiert.
problem-move-not-permitted = Du darfst diese Idee nicht in diesen Status verschieben.
problem-terms-not-accepted = Bitte stimme zuerst den geänderten Nutzungsbedingungen und dem Datenschutzhinweis zu.
problem-staff-protected = Nur Admins können gegen Admins, Moderatorinnen und Moderatoren oder das Produktteam vorgehen oder deren Beiträge ausblenden.
problem-wrong-password = Das Passwort stimmt nicht.
problem-not-found = Das wurde nicht gefunden.
problem-challenge-not-open = Diese Challenge hat noch nicht begonnen.
problem-challenge-closed = Diese Challenge ist abgeschlossen; Unterstützungen und neue Ideen sind nicht mehr möglich.
problem-vote-mode-locked = Abstimmungsart und Budget lassen sich nicht mehr ändern, sobald Ideen dieser Challenge unterstützt wurden.
problem-edit-locked = Diese Idee lässt sich nicht mehr bearbeiten: Sie hat Unterstützungen oder die Unterstützungsphase verlassen.
problem-edit-window-closed = Die Zeit zum Bearbeiten ist abgelaufen.
problem-question-has-answers = Andere haben diese Frage schon beantwortet, deshalb bleibt sie stehen.
problem-idea-not-gathering = Diese Idee sammelt keine Unterstützung mehr.
problem-budget-used-up = Du hast alle Unterstützungen dieser Challenge vergeben; ziehe eine zurück, um eine andere Idee zu unterstützen.
problem-state-changed = Dieser Schritt ist (nicht mehr) möglich. Die Seite zeigt den aktuellen Stand.
problem-illegal-move = Dieser Schritt ist (nicht mehr) möglich. Die Seite zeigt den aktuellen Stand.
problem-not-mergeable = Nur Ideen, die Unterstützung sammeln, lassen sich zusammenführen.
problem-not-merged = Diese Idee ist nicht zusammengeführt.
problem-case-decided = Über diesen Fall wurde schon entschieden (oder er ist nicht im Zustand, den diese Aktion braucht).
problem-self-moderation = Moderatorinnen und Moderatoren moderieren sich nicht selbst.
problem-hidden-by-moderator = Das wurde von der Moderation ausgeblendet und lässt sich nicht bearbeiten.
problem-raffle-too-late = Eine Verlosung muss angekündigt werden, bevor die Challenge endet.
problem-raffle-exists = Diese Challenge hat bereits eine Verlosung.
problem-draw-too-early = Die Ziehung findet nach dem Ende der Challenge statt.
problem-already-drawn = Diese Verlosung wurde bereits gezogen.
problem-staff-not-eligible = Mitarbeitende bewerben sich nicht für Produkttests und werden nie gezogen.
problem-level-too-low = Dieser Produkttest ist für Mitglieder ab einer höheren Punktestufe offen.
problem-not-a-tester = Nur die für diesen Produkttest gezogenen Testerinnen und Tester berichten darüber.
problem-test-not-open = Die Bewerbung für diesen Produkttest hat noch nicht begonnen.
problem-applications-closed = Die Bewerbung für diesen Produkttest ist geschlossen.
problem-test-locked = Ein Produkttest kann nicht mehr geändert werden, sobald die Bewerbung begonnen hat.
problem-report-exists = Du hast über diesen Produkttest bereits berichtet.
problem-report-too-late = Der Abgabetermin des Testberichts ist vorbei.
problem-last-admin = Das ist der letzte Admin; ernenne zuerst einen weiteren.
problem-index-busy = Der Suchindex wird gerade anderswo neu aufgebaut; versuche es gleich noch einmal.
problem-method-not-allowed = Das geht auf diesem Weg nicht.
problem-request-timeout = Das Formular kam zu langsam an; versuche es noch einmal.
problem-unsupported-media-type = Diese Anfrage kam in einer Form, die diese Seite nicht liest.
problem-payload-too-large = Das ist grösser, als dieses Formular annimmt.
problem-validation = Einige Felder sind ungültig.
problem-not-an-image = Diese Datei ist kein Bild, das wir annehmen: Lade ein JPEG, PNG, WebP oder GIF hoch.
problem-image-too-large = Dieses Bild ist zu gross: höchstens 40 Megapixel.
problem-rate-limited = Zu viele Anfragen; warte einen Moment und versuche es erneut.
problem-internal = Bei uns ist etwas schiefgelaufen. Es wurde protokolliert.
problem-unavailable = Das ist kurz nicht erreichbar; versuche es gleich noch einmal.
problem-search-unavailable = Die Suche ist kurz nicht erreichbar; alles andere funktioniert. Versuche es gleich noch einmal.

## Mail
mail-hello = Hallo { $handle }
mail-footer = Du erhältst diese E-Mail, weil du ein Konto bei ideashelf hast.
mail-unsubscribe = Diese E-Mails abbestellen
mail-link-fallback = Falls der Knopf nicht funktioniert, kopiere diesen Link in deinen Browser:
mail-verify-email-subject = Bestätige deine E-Mail-Adresse für ideashelf
mail-verify-email-body = Willkommen bei ideashelf! Bitte bestätige, dass dies deine Adresse ist – dann kannst du Ideen unterstützen, eigene einreichen, kommentieren und Tipps teilen. Der Link gilt { $hours } Stunden.
mail-verify-email-button = Adresse bestätigen
mail-verify-email-note = Falls du dich nicht angemeldet hast, ignoriere diese E-Mail: Ohne Bestätigung geschieht nichts.
mail-account-exists-subject = Du hast schon ein Konto bei ideashelf
mail-account-exists-body = Jemand (wahrscheinlich du) wollte sich mit dieser Adresse registrieren oder ein Konto auf sie umstellen. Mit dieser Adresse gibt es schon ein Konto, mit dem Benutzernamen oben. Falls du sein Passwort vergessen hast, wähle hier ein neues; der Link gilt eine Stunde.
mail-account-exists-button = Neues Passwort wählen
mail-account-exists-note = Falls das nicht du warst, ignoriere diese E-Mail: Dein Konto bleibt, wie es ist.
mail-password-reset-subject = Neues Passwort für ideashelf
mail-password-reset-body = Du hast ein neues Passwort angefordert. Wähle es mit dem Knopf unten; der Link gilt { $minutes } Minuten und nur einmal.
mail-password-reset-button = Neues Passwort wählen
mail-password-reset-note = Falls du das nicht angefordert hast, ignoriere diese E-Mail: Dein Passwort bleibt, wie es ist.
mail-password-changed-subject = Dein Passwort bei ideashelf wurde geändert
mail-password-changed-body = Das Passwort deines Kontos wurde soeben geändert, und alle angemeldeten Geräte wurden abgemeldet.
mail-password-changed-button = Das war ich nicht: Passwort zurücksetzen
mail-password-changed-note = Falls du es selbst geändert hast, ist nichts zu tun.
mail-email-change-subject = Bestätige deine neue E-Mail-Adresse für ideashelf
mail-email-change-body = Du möchtest { $email } für dein Konto bei ideashelf verwenden. Bestätige sie mit dem Knopf unten; der Link gilt { $hours } Stunden. Bis dahin bleibt deine alte Adresse in Gebrauch.
mail-email-change-button = Neue Adresse bestätigen
mail-email-change-note = Falls du das nicht angefordert hast, ignoriere diese E-Mail.
mail-email-changed-subject = Deine E-Mail-Adresse bei ideashelf wurde geändert
mail-email-changed-body = Dein Konto verwendet jetzt { $email }. E-Mails gehen ab sofort dorthin.
mail-email-changed-button = Das war ich nicht: Passwort zurücksetzen
mail-email-changed-note = Falls du sie selbst geändert hast, ist nichts zu tun.

## Einstellungen und Seiten der Konto-E-Mails
nav-settings = Einstellungen
login-forgot = Passwort vergessen?
banner-unverified = Bestätige deine E-Mail-Adresse, um zu unterstützen, einzureichen, zu kommentieren, zu bewerten und Tipps zu teilen: Wir haben dir einen Link geschickt.
banner-unverified-link = Erneut senden
notice-home = Zur Startseite
verification-sent-title = Schau in dein Postfach
verification-sent-text = Wir haben einen Link an die angegebene Adresse geschickt. Öffne ihn, um die Adresse zu bestätigen und dich anzumelden. Kommt in ein paar Minuten nichts an, schau im Spam-Ordner nach oder registriere dich noch einmal.
reset-sent-title = Schau in dein Postfach
reset-sent-text = Falls es zu dieser Adresse ein Konto gibt, haben wir ihr einen Link für ein neues Passwort geschickt. Der Link gilt eine Stunde.
link-invalid-title = Dieser Link funktioniert nicht mehr
link-invalid-text = Er wurde schon benutzt, durch einen neueren ersetzt oder ist abgelaufen. Fordere einen neuen an: Melde dich an und öffne deine Einstellungen, oder nutze «Passwort vergessen?» auf der Anmeldeseite.
verify-email-title = Bestätige deine E-Mail-Adresse
verify-email-text = Ein Klick, und deine Adresse ist bestätigt; du bist sofort angemeldet.
verify-email-button = Adresse bestätigen
confirm-email-title = Bestätige deine neue E-Mail-Adresse
confirm-email-text = Bestätige, um diese Adresse ab jetzt für dein Konto zu verwenden.
confirm-email-button = Neue Adresse bestätigen
forgot-title = Passwort vergessen?
forgot-lead = Gib die E-Mail-Adresse deines Kontos ein. Wir schicken dir einen Link, mit dem du ein neues Passwort wählst.
forgot-submit = Link senden
forgot-back = Zurück zur Anmeldung
reset-title = Neues Passwort wählen
reset-submit = Neues Passwort speichern
settings-title = Einstellungen
settings-email = E-Mail-Adresse
settings-email-verified = bestätigt
settings-email-unverified = noch nicht bestätigt
settings-email-unverified-hint = Bis du deine Adresse bestätigst, kannst du lesen und dein Profil bearbeiten, aber nicht unterstützen, einreichen, kommentieren, bewerten oder Tipps teilen.
settings-resend = Bestätigungslink erneut senden
settings-email-change = Adresse ändern
settings-email-submit = Bestätigung an die neue Adresse senden
settings-profile = Profil
settings-save = Speichern
settings-time-zone-site = Zeitzone der Website ({ $zone })
settings-password = Passwort
settings-password-hint = Wenn du das Passwort änderst, wirst du auf allen anderen Geräten abgemeldet.
settings-password-submit = Passwort ändern
settings-sessions = Sitzungen
field-language = Sprache
field-time-zone = Zeitzone
hint-time-zone = Zeiten auf den Seiten und in E-Mails erscheinen in dieser Zone. Ohne Wahl: { $zone }.
field-new-email = Neue E-Mail-Adresse
hint-new-email = Wir schicken einen Link an die neue Adresse; sie gilt, sobald du sie bestätigst.
field-current-password = Aktuelles Passwort
field-new-password = Neues Passwort
flash-settings-saved = Deine Einstellungen sind gespeichert.
flash-password-changed = Dein Passwort ist geändert. Alle anderen Geräte wurden abgemeldet.
flash-password-reset = Dein neues Passwort gilt, und du bist angemeldet. Alle anderen Geräte wurden abgemeldet.
flash-email-confirmation-sent = Wir haben einen Bestätigungslink an die neue Adresse geschickt (hat sie schon ein Konto, stattdessen einen Hinweis). Deine Adresse ändert sich, sobald du bestätigst.
flash-verification-sent = Wir haben den Bestätigungslink erneut geschickt.
flash-email-verified = Deine E-Mail-Adresse ist bestätigt. Willkommen!
flash-email-changed = Deine neue E-Mail-Adresse ist bestätigt.
err-password-common = Dieses Passwort steht auf einer Liste häufiger Passwörter; wähle ein anderes.
err-password-same_as_login = Ein Passwort darf nicht dein Benutzername oder deine E-Mail-Adresse sein.
err-new_password-too_short = Ein Passwort hat mindestens { $min } Zeichen.
err-new_password-too_long = Ein Passwort hat höchstens { $max } Zeichen.
err-new_password-common = Dieses Passwort steht auf einer Liste häufiger Passwörter; wähle ein anderes.
err-new_password-same_as_login = Ein Passwort darf nicht dein Benutzername oder deine E-Mail-Adresse sein.
err-current_password-wrong = Das ist nicht dein aktuelles Passwort.
err-email_password-wrong = Das ist nicht dein aktuelles Passwort.
err-email-unchanged = Das ist schon deine Adresse.
err-display_name-required = Ein Anzeigename darf nicht leer sein.
err-time_zone-unknown = Wähle eine Zeitzone aus der Liste.
err-locale-invalid = Wähle Deutsch oder Englisch.
## Datenschutz: Hinweis, Nutzungsbedingungen, Einwilligungen, Datenexport, Konto löschen
footer-links-label = Über diese Seite
footer-privacy = Datenschutzhinweis
footer-terms = Nutzungsbedingungen
footer-privacy-settings = Datenschutz-Einstellungen
register-accept-terms = Ich akzeptiere die Nutzungsbedingungen und habe den Datenschutzhinweis gelesen.
register-optional-consents = Freiwillig
err-accept_terms-required = Bitte akzeptiere die Nutzungsbedingungen und den Datenschutzhinweis, um dich zu registrieren.
err-terms_version-outdated = Die Nutzungsbedingungen haben sich geändert, seit diese Seite geladen wurde; bitte lies sie noch einmal.
err-confirm-required = Setze das Häkchen, um zu bestätigen, dass du dein Konto löschen willst.
consent-kind = { $kind ->
    [terms] Nutzungsbedingungen und Datenschutzhinweis
    [product_news] Schickt mir Produktneuheiten per E-Mail
   *[shipping_address_sharing] Ich darf später für Produkttests eine Lieferadresse angeben
}
consent-given = erteilt
consent-withdrawn = widerrufen
consent-given-at = Erteilt am { $date }
consent-withdrawn-at = Widerrufen am { $date }
consent-version = Version { $version }
terms-version-note = Version { $version }
privacy-title = Datenschutzhinweis
privacy-lead = Was ideashelf über dich speichert, wozu, wie lange, und was du tun kannst.
privacy-stored-heading = Was wir speichern
privacy-stored-account = Dein Konto: Benutzername, Anzeigename, E-Mail-Adresse, ein Hash deines Passworts (nie das Passwort selbst), deine Sprache und deine Rolle.
privacy-stored-contributions = Was du schreibst: Ideen, Neuigkeiten zu deinen Ideen, Kommentare, Tipps, Bewertungen und Rezensionen, Meldungen, die du sendest.
privacy-stored-supports = Welche Ideen du unterstützt, mit deinen Antworten auf Nachfragefragen (würdest du es kaufen, zu welchem Preis), deine Budgetstimmen und deine Hilfreich-Markierungen.
privacy-stored-points = Deine Punkte, Stufen und Abzeichen, als Eintrag für jedes Ereignis, das Punkte gebracht oder zurückgenommen hat.
privacy-stored-notifications = Die Benachrichtigungen in deinem Posteingang.
privacy-stored-sessions = Deine Anmeldesitzungen: wann jede begann und bis wann sie gilt.
privacy-stored-consents = Deine Einwilligungen: was du erteilt oder widerrufen hast, in welcher Version und wann.
privacy-stored-moderation = Wenn die Moderation bei deinen Beiträgen oder deinem Konto eingreift, hält das Protokoll fest, was geschah und warum.
privacy-why-heading = Wozu
privacy-why = Dein Konto speichern wir, damit du dich anmelden kannst; deine Beiträge, Unterstützungen und Punkte, weil sie die Community-Plattform selbst sind: Andere lesen deine Ideen, Zählungen und Ranglisten müssen stimmen, und Produktteams entscheiden damit. Deine E-Mail-Adresse dient der Anmeldung und wird anderen nie gezeigt; andere sehen deinen Benutzernamen und Anzeigenamen.
privacy-optional-heading = Freiwillige Einwilligungen
privacy-optional = Produktneuheiten per E-Mail und das Angeben einer Lieferadresse für Produkttests sind aus, solange du sie nicht ankreuzt. Du kannst sie jederzeit in deinen Datenschutz-Einstellungen ändern; wir bewahren auf, wann du sie erteilt oder widerrufen hast.
privacy-retention-heading = Wie lange
privacy-retention = Deine Daten bleiben, solange dein Konto besteht. Anmeldesitzungen werden gelöscht, sobald sie ablaufen, oder einen Tag nach dem Abmelden. Wenn du dein Konto löschst, werden deine persönlichen Daten sofort gelöscht (siehe unten).
privacy-rights-heading = Deine Rechte
privacy-rights = Du kannst in deinen Datenschutz-Einstellungen alles, was über dich gespeichert ist, als eine Datei herunterladen, deine Daten berichtigen, freiwillige Einwilligungen widerrufen und dein Konto löschen.
privacy-erasure = Beim Löschen deines Kontos werden deine E-Mail-Adresse, dein Anzeigename, dein Passwort, deine Einwilligungen, Benachrichtigungen und Sitzungen gelöscht, und dein Benutzername wird durch ein Pseudonym wie „deleted-7f3a…“ ersetzt. Deine öffentlichen Beiträge bleiben unter diesem Pseudonym, wenn du sie nicht ebenfalls löschen lässt; deine Unterstützungen zählen weiter und deine Punkte bleiben (ohne deinen Namen) im Punktebuch, damit Zählungen und Ranglisten stimmen. Mit deiner E-Mail-Adresse kannst du dich wieder registrieren.
privacy-contact-heading = Kontakt
privacy-contact = Diese Seite wird von ihrem Betreiber geführt, der für deine Daten verantwortlich ist. Für Fragen oder Anliegen zu deinen Daten wende dich an die Adresse, die der Betreiber auf seiner Seite angibt.
terms-title = Nutzungsbedingungen
terms-1 = Bleib respektvoll: keine Beleidigungen, kein Spam, keine rechtswidrigen Inhalte. Die Moderation darf Inhalte ausblenden und Konten sperren, die gegen diese Regeln verstossen.
terms-2 = Veröffentliche nur, was du teilen darfst. Mit einer Idee, einem Kommentar, Tipp oder einer Rezension erlaubst du, dass sie hier gezeigt und von den Produktteams für die Entwicklung von Produkten verwendet werden.
terms-3 = Ein Konto pro Person. Behalte dein Passwort für dich.
terms-4 = Punkte, Abzeichen und Verlosungen sind zum Spass und haben keinen Geldwert; Verlosungen folgen ihren veröffentlichten Regeln.
terms-5 = Wie wir mit deinen Daten umgehen, steht im Datenschutzhinweis. Du kannst dein Konto jederzeit löschen.
terms-accept-title = Die Nutzungsbedingungen haben sich geändert
terms-accept-lead = Bitte lies die geänderten Nutzungsbedingungen und den Datenschutzhinweis (Version { $version }) und akzeptiere sie, um weiter zu schreiben. Lesen kannst du auch ohne.
terms-accept-submit = Nutzungsbedingungen akzeptieren
flash-terms-accepted = Danke: Du hast die geänderten Nutzungsbedingungen akzeptiert.
flash-consents-saved = Deine Einwilligungen sind gespeichert.
flash-account-deleted = Dein Konto wurde gelöscht.
privacy-settings-title = Datenschutz-Einstellungen
privacy-settings-lead = Deine Einwilligungen, deine Daten, dein Konto.
consents-heading = Einwilligungen
consents-terms-accepted = Du hast die Nutzungsbedingungen akzeptiert, Version { $version }
consents-terms-outdated = Die Nutzungsbedingungen haben sich geändert (Version { $version }); bitte akzeptiere sie erneut.
consents-save = Einwilligungen speichern
consents-history = Verlauf deiner Einwilligungen
export-my-data-heading = Meine Daten herunterladen
export-my-data-lead = Eine JSON-Datei mit allem, was über dich gespeichert ist: Profil, Einwilligungen, Ideen, Kommentare, Unterstützungen mit deinen Antworten, Bewertungen und Rezensionen, Tipps, Meldungen, Punkte, Abzeichen, Benachrichtigungen und Sitzungen.
export-my-data-button = Meine Daten herunterladen
delete-account-heading = Mein Konto löschen
delete-account-lead = Du wirst abgemeldet und kannst dich nicht mehr anmelden. Deine E-Mail-Adresse, dein Anzeigename, dein Passwort, deine Einwilligungen und Benachrichtigungen werden gelöscht; dein Benutzername wird durch ein Pseudonym ersetzt. Das lässt sich nicht rückgängig machen.
delete-account-open = Ich will mein Konto löschen
delete-account-contributions = Auch meine Ideen, Kommentare, Tipps und Rezensionen löschen (sonst bleiben sie unter dem Pseudonym)
delete-account-confirm = Ja, mein Konto endgültig löschen.
delete-account-button = Mein Konto löschen

## Benachrichtigungen per E-Mail, Zusammenfassungen, Abbestellen, Einstellungen
mail-notification-subject = { $text }
mail-notification-button = Auf ideashelf öffnen
mail-notification-note = Du hast gewählt, dies per E-Mail zu erhalten.
mail-notification-settings = Ändern, was du erhältst
mail-digest-daily-subject = Dein Tag auf ideashelf
mail-digest-weekly-subject = Deine Woche auf ideashelf
mail-digest-daily-intro = Das ist seit gestern passiert ({ $count }):
mail-digest-weekly-intro = Das ist diese Woche passiert ({ $count }):
mail-digest-button = Alle Benachrichtigungen ansehen
unsubscribe-title = Diese E-Mails abbestellen?
unsubscribe-text = Du erfährst nichts mehr über: { $kind }.
unsubscribe-kind = Diese E-Mails abbestellen
unsubscribe-all = Alle E-Mails von ideashelf abbestellen
unsubscribe-hint = Konto-E-Mails (Passwort zurücksetzen, Adresse bestätigen) kommen weiterhin, wenn du sie anforderst. In den Einstellungen kannst du alles ändern.
unsubscribed-title = Erledigt
unsubscribed-text = Du erhältst diese Benachrichtigungen nicht mehr. In den Einstellungen kannst du sie wieder einschalten.
unsubscribed-all-title = Erledigt
unsubscribed-all-text = Du erhältst keine Benachrichtigungen per E-Mail mehr von ideashelf; in der App bleiben sie. In den Einstellungen kannst du das ändern.
settings-notifications = Benachrichtigungen
settings-notifications-hint = Für jede Art: gar nicht, in der App, sofort per E-Mail, oder in einer täglichen oder wöchentlichen Zusammenfassung.
settings-privacy = Datenschutz und deine Daten
settings-privacy-text = Deine Einwilligungen, eine Kopie aller Daten, die wir über dich speichern, und das Löschen deines Kontos:
settings-privacy-link = Datenschutz-Einstellungen
channel-off = Aus
channel-in-app = In der App
channel-email = Sofort per E-Mail
channel-daily = Tägliche Zusammenfassung
channel-weekly = Wöchentliche Zusammenfassung
notif-kind-status-changed = Statusänderungen meiner und unterstützter Ideen
notif-kind-reply = Antworten auf meine Kommentare
notif-kind-comment = Kommentare zu meinen Ideen
notif-kind-creator-update = Neuigkeiten der Ideengeber
notif-kind-tier-reached = Unterstützungs-Meilensteine
notif-kind-merged = Zusammengeführte Ideen
notif-kind-moderation = Moderation meiner Beiträge
notif-kind-badge-awarded = Abzeichen, die ich erhalte
notif-kind-raffle-won = Preise, die ich gewinne
notif-kind-test-selected = Produkttests, für die ich gezogen werde
notif-kind-test-report-due = Erinnerungen an fällige Testberichte
notif-kind-review-spike = Bewertungsspitzen (Produktteam)
notif-kind-answer = Antworten auf meine Produktfragen
notif-kind-product-question = Neue Fragen zu Produkten, denen ich folge
notif-kind-all = Alle Benachrichtigungen

## Bilder
pictures-legend = Bilder
pictures-hint = JPEG, PNG, WebP oder GIF, je bis 10 MB; höchstens { $limit }. Das erste ist das Titelbild.
pictures-add = Bilder hinzufügen
picture-alt = Beschreibe dieses Bild
picture-new-alt = Beschreibe das neue Bild
picture-alt-hint = Was es zeigt, für alle, die es nicht sehen können (1–300 Zeichen).
picture-order = Position
picture-remove = Entfernen
picture-hidden = Eine Moderatorin hat dieses Bild ausgeblendet; nur du und das Moderationsteam sehen es.
picture-count = { $count ->
    [one] 1 Bild
   *[other] { $count } Bilder
}
gallery-label = Bilder
avatar-of = Bild von { $name }
err-images-too_many = Höchstens { $max } Bilder.
err-images-duplicate = Ein Bild ist doppelt aufgeführt.
err-images-unknown = Dieses Bild gibt es nicht mehr; lade es nochmals hoch.
err-images-not_yours = Füge nur Bilder hinzu, die du hochgeladen hast.
err-images-in_use = Dieses Bild wird schon anderswo gezeigt; lade es nochmals hoch.
err-images-hidden = Eines dieser Bilder wurde von der Moderation ausgeblendet; entferne es.
err-images-alt_missing = Beschreibe jedes Bild für alle, die es nicht sehen können (Alternativtext).
err-images-required = Beschreibe jedes Bild für alle, die es nicht sehen können (Alternativtext).
err-images-too_long = Ein Alternativtext hat höchstens 300 Zeichen.
err-images-too_many_files = Höchstens 8 Bilder auf einmal.
report-image = Dieses Bild melden
settings-avatar = Dein Bild
settings-avatar-hint = Wird neben deinem Namen gezeigt. JPEG, PNG, WebP oder GIF, bis 10 MB.
settings-avatar-remove = Mein Bild entfernen
## Stöbern (Issue 16)
nav-ideas = Ideen
nav-challenges = Challenges
ideas-title = Ideen
ideas-lead = Alle veröffentlichten Ideen. Filtere nach Challenge, Status, Schlagwort oder Produkt und sortiere sie, wie du willst.
ideas-filter-challenge = Challenge
ideas-filter-all-challenges = Alle Challenges
ideas-filter-status = Status
ideas-filter-any-status = Jeder Status
ideas-filter-tag = Schlagwort
ideas-filter-tag-hint = Ein Schlagwort, ohne #.
ideas-filter-product = Wurde zum Produkt
ideas-filter-any-product = Jedes Produkt
ideas-results = Gefundene Ideen
ideas-none = Noch keine Ideen.
ideas-none-filtered = Keine Idee passt zu diesen Filtern.
ideas-chip-challenge = Challenge: { $challenge }
ideas-chip-product = Produkt: { $product }
err-ideas-sort-invalid = Diese Sortierung gibt es nicht.
err-ideas-status-invalid = Diesen Status gibt es nicht.
err-ideas-tag-invalid = Ein Schlagwort besteht aus Buchstaben, Ziffern, „-“ und „_“ (höchstens 30).
err-ideas-cursor-invalid = Dieser Seitenlink gilt nicht mehr; beginne auf der ersten Seite.
err-ideas-limit-range = Diese Seitengröße gibt es nicht.
challenges-title = Challenges
challenges-lead = Was Marken jetzt suchen, was als Nächstes kommt und was aus vergangenen Challenges wurde.
challenges-open = Jetzt offen
challenges-upcoming = Demnächst
challenges-past = Vergangene Challenges
challenges-none-open = Gerade ist keine Challenge offen.
challenges-none-upcoming = Noch ist keine Challenge geplant.
challenges-none-past = Noch ist keine Challenge abgeschlossen.
challenge-closed-on = Beendet
challenges-outcome = Was daraus wurde
challenges-reached-review = Ideen in der Prüfung
challenges-approved = Angenommen
challenges-on-shelf = Im Regal gelandet
challenges-winners = Gewinner*innen der Verlosung:
challenges-raffle-pending = Die Verlosung hat noch nicht stattgefunden.
member-mine-heading = Meine Ideen
member-mine-private = Diesen Teil siehst nur du.
member-waiting-heading = Warten auf Freigabe oder nicht veröffentlicht
member-waiting-none = Keine deiner Ideen wartet oder wurde abgelehnt.
member-supported-heading = Ideen, die ich unterstütze
member-supported-none = Du unterstützt noch keine Idee.
member-ideas-heading = Ideen
member-ideas-none = Noch keine veröffentlichten Ideen.
member-tips-heading = Tipps
member-tips-none = Noch keine Tipps.
member-newest-shown = { $count ->
    [one] Die neueste ist zu sehen.
   *[other] Die neuesten { $count } sind zu sehen.
}
support-budget-left = { $count ->
    [0] Du hast in dieser Challenge keine deiner { $total } Stimmen mehr übrig.
    [one] Du hast in dieser Challenge noch eine deiner { $total } Stimmen übrig.
   *[other] Du hast in dieser Challenge noch { $shown } deiner { $total } Stimmen übrig.
}
raffle-plain-announced = { $prizes ->
    [one] Ein Preis wird verlost, nachdem die Challenge am { $date } endet.
   *[other] { $prizes } Preise werden verlost, nachdem die Challenge am { $date } endet.
}
raffle-plain-drawn = { $prizes ->
    [one] Der Preis wurde am { $date } unter { $count } Teilnehmenden verlost. Gewonnen hat:
   *[other] { $prizes } Preise wurden am { $date } unter { $count } Teilnehmenden verlost. Gewonnen haben, in der gezogenen Reihenfolge:
}
raffle-plain-who = Wer gewinnen kann: alle Mitglieder, die während der Challenge eine Idee eingereicht haben, die veröffentlicht wurde, oder eine Idee darin unterstützt haben. Konten des Teams und gesperrte Mitglieder nehmen nicht teil.
raffle-how-to-check = So prüfst du diese Verlosung
raffle-prize-names = Die Preise mit Namen
raffle-prize-names-hint = Ein Preis pro Zeile, der erste Platz zuerst. Plätze ohne Namen sind einfach „ein Preis“.
flash-err-raffle-prize-names = Benenne höchstens so viele Preise, wie verlost werden, jeden mit 1 bis 80 Zeichen.
edit-idea-title = Deine Idee bearbeiten
edit-idea-save = Änderungen speichern
edit-idea-link = Bearbeiten
flash-idea-saved = Deine Idee ist gespeichert.

# Registration: the bot checks (the refusal says nothing about which check failed)
register-not-accepted = Wir konnten dieses Formular nicht annehmen. Bitte prüfe es und sende es noch einmal.
register-honeypot = Dieses Feld bitte leer lassen.

# Write limits: when the member may write again
error-429-wait-seconds = Du kannst das in { $seconds ->
    [one] einer Sekunde
   *[other] { $seconds } Sekunden
} wieder tun.
error-429-wait-minutes = Du kannst das in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} wieder tun.

## Prüfprotokoll (Moderation und Admins)
audit-title = Prüfprotokoll
audit-lead = Was Moderation, Produktteam und Admins getan haben, das Neueste zuerst: wer, was, woran und warum.
audit-actor = Wer
audit-action = Aktion
audit-subject-type = Art des Gegenstands
audit-any-subject = Jeder Gegenstand
audit-subject-id = Id des Gegenstands
audit-from = Von
audit-to = Bis
audit-results = Einträge
audit-when = Wann
audit-subject = { $kind ->
    [idea] Idee
    [comment] Kommentar
    [review] Bewertung
    [tip] Tipp
    [image] Bild
    [user] Mitglied
    [product] Produkt
    [challenge] Challenge
   *[other] { $kind }
}
audit-subject-heading = Gegenstand
audit-reason = Grund
audit-same-subject = Alle Einträge zu diesem Gegenstand
audit-empty = Keine Einträge passen zu diesen Filtern.
audit-role = { $role ->
    [moderator] Moderation
    [product_team] Produktteam
    [admin] Admin
   *[member] Mitglied
}
err-from-invalid = Ein Tag (JJJJ-MM-TT) oder eine Uhrzeit.
err-to-invalid = Ein Tag (JJJJ-MM-TT) oder eine Uhrzeit.

## Mitglieder und Rollen (Admins)
members-title = Mitglieder und Rollen
members-lead = Finde ein Mitglied über seinen Handle und ändere seine Rolle. Der letzte aktive Admin bleibt Admin.
members-search = Suche
members-handle = Handle
members-role = Rolle
members-any-role = Jede Rolle
members-search-button = Suchen
members-results = Mitglieder
members-suspended = gesperrt
members-role-of = Rolle von @{ $handle }
members-change = Rolle ändern
members-empty = Kein Mitglied passt.
members-refused = Diese Suche lässt sich nicht zeigen; beginne eine neue.
member-role = { $role ->
    [moderator] Moderation
    [product_team] Produktteam
    [admin] Admin
   *[member] Mitglied
}

rings-title = Verdächtige Stimmringe
rings-lead = Gruppen von Konten, die laut Prüfung dieselben Ideen weit öfter unterstützen als zufällig, neueste zuerst, und Ideen, die vor einer Stufe angehalten sind.
rings-cases = Fälle
rings-found = Gefunden
rings-status = Status
rings-accounts = Konten
rings-score = Wert
rings-empty = Keine verdächtigen Ringe.
rings-holds = Angehaltene Ideen
rings-held = { $flagged } von { $supports } Unterstützungen markiert, als sie ihre Stufe erreichte.
rings-no-holds = Keine Idee ist angehalten.
ring-title = Verdächtiger Stimmring
ring-lead = { $accounts } Konten, { $supports } markierte Unterstützungen, Wert { $score }.
ring-status = { $status ->
    [voided] Aufgehoben
    [cleared] Entlastet
   *[open] Offen
}
ring-signals = Signale
ring-signal = { $name ->
    [accounts] Konten
    [pushed_ideas] Geförderte Ideen
    [target_share] Anteil ihrer Unterstützungen für diese Ideen
    [coverage] Abdeckung
    [lift] Vielfaches der üblichen Rate
    [co_support_density] Dichte gemeinsamer Unterstützung
    [signup_burst] In einem Schwall registriert
    [shared_device] Teilen ein Gerät
    [young_accounts] Junge Konten
    [synchronized] Gleichzeitige Unterstützungen
    [support_only] Konten, die nur unterstützen
   *[near_threshold] Unterstützungen knapp vor einer Stufe
}
ring-graph = Konten und die Ideen, die sie unterstützten
ring-ideas = Was das Aufheben ändert
ring-idea = Idee
ring-author = Autorin oder Autor
ring-supports-now = Unterstützungen jetzt
ring-flagged = Markiert
ring-supports-after = Nach dem Aufheben
ring-author-points = Punkte der Autorin oder des Autors
ring-accounts = Konten
ring-account = Konto
ring-joined = Dabei seit
ring-suspended = Gesperrt
ring-void-hint = Aufheben entfernt die markierten Unterstützungen und ihre Punkte, berechnet Zähler und Stufen neu, sperrt die Konten und benachrichtigt die Autorinnen und Autoren. Entlasten lässt alles, wie es ist, und markiert diese Konten nicht wieder.
ring-void = Ring aufheben
ring-clear = Kein Ring: entlasten
ring-restore = Konten wiederherstellen
ring-release = Freigeben
flash-ring-void = Der Ring ist aufgehoben.
flash-ring-clear = Der Fall ist entlastet.
flash-ring-restore = Die Konten sind wiederhergestellt.
flash-ring-release = Die Idee ist freigegeben.
flash-ring-reason = Bitte einen Grund angeben.
moderation-rings-link = Verdächtige Stimmringe und angehaltene Ideen

## Produktfragen und Antworten
questions-heading = Fragen und Antworten
questions-filter-label = Fragen zeigen
questions-sort-label = Reihenfolge der Fragen
questions-filter-all = Alle
questions-filter-unanswered = Unbeantwortet
questions-filter-answered = Beantwortet
questions-filter-official = Vom Team beantwortet
questions-sort-new = Neueste
questions-sort-helpful = Hilfreichste
questions-answers = { $count ->
    [one] 1 Antwort
   *[other] { $count } Antworten
}
questions-empty = Noch keine Fragen. Stell die erste!
questions-more = Weitere Fragen
questions-ask-heading = Stell eine Frage zu diesem Produkt
questions-ask-submit = Fragen
questions-sign-in = Melde dich an, um eine Frage zu stellen
questions-team-average = Vom Team im Schnitt innerhalb { $days ->
    [1] eines Tages
   *[other] von { $days } Tagen
} beantwortet
field-question-title = Deine Frage
hint-question-title = { $min } bis { $max } Zeichen.
field-question-body = Details (freiwillig)
field-answer-body = Deine Antwort
question-kicker = Frage
question-by = gefragt von { $author }
question-edited = bearbeitet
question-edit = Bearbeiten
question-save = Änderungen speichern
question-delete = Löschen
question-delete-confirm = Diese Frage endgültig löschen? Das lässt sich nicht rückgängig machen.
edit-window-until = Bearbeiten oder löschen kannst du sie bis
answer-official = Offizielle Antwort
answer-accepted = Akzeptierte Antwort
answer-accept = Als akzeptiert markieren
answer-unaccept = Markierung aufheben
answer-delete = Löschen
answers-empty = Noch keine Antworten.
answer-heading = Beantworte diese Frage
answer-submit = Antwort senden
answer-sign-in = Melde dich an, um zu antworten
report-question = Diese Frage melden
report-answer = Diese Antwort melden
product-follow = Diesem Produkt folgen
product-unfollow = Nicht mehr folgen
flash-question-asked = Deine Frage ist online. Du erfährst von jeder Antwort.
flash-question-edited = Deine Frage ist gespeichert.
flash-question-deleted = Deine Frage ist gelöscht.
flash-answer-posted = Danke für deine Antwort.
flash-answer-edited = Deine Antwort ist gespeichert.
flash-answer-deleted = Deine Antwort ist gelöscht.
flash-answer-accepted = Die Antwort ist als akzeptiert markiert.
flash-answer-unaccepted = Die Antwort ist nicht mehr als akzeptiert markiert.
flash-answer-helpful = Danke — als hilfreich markiert.
flash-answer-unhelpful = Dein «hilfreich» ist zurückgenommen.
flash-product-followed = Du folgst diesem Produkt: Du erfährst von neuen Fragen dazu.
flash-product-unfollowed = Du folgst diesem Produkt nicht mehr.
flash-reported-question-hidden = Danke. Die Frage ist verborgen, bis jemand aus der Moderation entscheidet.
err-question-title-too_short = Eine Frage hat mindestens { $min } Zeichen.
err-question-title-too_long = Eine Frage hat höchstens { $max } Zeichen.
err-question-body-required = Schreib zuerst deine Antwort.
err-question-body-too_long = Höchstens { $max } Zeichen.
dashboard-questions-heading = Fragen, die auf eine offizielle Antwort warten
dashboard-questions-empty = Jede Frage hat eine offizielle Antwort.
dashboard-questions-waited = { $days ->
    [0] wartet seit { $hours } h
    [one] wartet seit 1 Tag
   *[other] wartet seit { $days } Tagen
}
# Produkttests (docs/PRODUCT_TESTS.md)
ptest-heading = Produkttests
ptest-none = Für dieses Produkt gibt es noch keine Produkttests.
ptest-new = Neuer Produkttest
ptest-create = Test erstellen
ptest-tested-in = Getestet in «{ $test }»
ptest-pros = Pro
ptest-cons = Contra
ptest-phase = { $phase ->
    [upcoming] Demnächst
    [open] Bewerbung offen
    [closed] Bewerbung geschlossen
   *[drawn] Testerinnen und Tester gezogen
}
ptest-list-title = Produkttests
ptest-list-lead = Bewirb dich, um neue Produkte zu testen, bevor sie ins Regal kommen. Eine faire Ziehung, die alle nachprüfen können, wählt die Testerinnen und Tester; wer früher leer ausging, zählt beim nächsten Mal mehr.
ptest-open-now = Offen für Bewerbungen
ptest-none-open = Zurzeit ist kein Produkttest offen für Bewerbungen.
ptest-other = Weitere Produkttests
ptest-units = { $count ->
    [one] eine Testperson
   *[other] { $count } Testpersonen
}
ptest-applicants = { $count ->
    [one] eine Bewerbung
   *[other] { $count } Bewerbungen
}
ptest-reports = { $count ->
    [one] ein Bericht
   *[other] { $count } Berichte
}
ptest-of-product = Ein Test von
ptest-units-label = Testpersonen
ptest-applicants-label = Bewerbungen
ptest-apply-from = Bewerbung ab
ptest-apply-until = Bewerbung bis
ptest-report-due = Bericht fällig am
ptest-min-level = Ab Punktestufe
ptest-apply-heading = Bewerben
ptest-status = { $status ->
    [applied] Du hast dich beworben. Gezogen wird nach dem Bewerbungsschluss.
    [selected] Du wurdest als Testerin oder Tester gezogen!
   *[not_selected] Du wurdest diesmal nicht gezogen; bei der nächsten Ziehung zählst du mehr.
}
ptest-selected-note = Das Produkt wird an die angegebene Adresse geschickt. Bitte schreib deinen Bericht vor dem Abgabetermin.
ptest-your-pseudonym = Dein Pseudonym in der veröffentlichten Ziehung:
ptest-your-weight = dein Gewicht:
ptest-address = Lieferadresse
ptest-address-hint = Wird nur mit deiner Zustimmung unten gespeichert, nur für die Gezogenen, und 30 Tage nach dem Abgabetermin gelöscht.
ptest-consent = Ich bin einverstanden, dass meine Adresse gespeichert wird, um mir das Produkt zu schicken, falls ich gezogen werde.
ptest-apply = Bewerben
ptest-change = Bewerbung ändern
ptest-withdraw = Bewerbung zurückziehen
ptest-sign-in = Anmelden, um dich zu bewerben
ptest-not-open = Die Bewerbung ist nicht offen.
ptest-team-heading = Für das Produktteam
ptest-draw = Testpersonen ziehen
ptest-tester = Testperson
ptest-reported = Bericht
ptest-yes = ja
ptest-no = nein
ptest-shipping-list = Versandliste herunterladen (CSV)
ptest-draw-heading = Die Ziehung
ptest-draw-explained = Die Testpersonen werden nach Gewicht aus der veröffentlichten Liste pseudonymer Bewerbungen gezogen; auf den Seed wurde sich bei der Erstellung festgelegt, bei der Ziehung wird er offengelegt, sodass alle das Ergebnis nachrechnen können.
ptest-product = Produkt (Slug oder ID)
ptest-description = Beschreibung
ptest-utc = Zeiten in UTC.
ptest-questions = Fragen zur Bewerbung
ptest-report-questions = Fragen zum Bericht
ptest-questions-hint = Eine pro Zeile: Schlüssel | Frage | text, number oder choice | Optionen getrennt durch ; (bei choice)
ptest-error-required = Bitte ausfüllen.
ptest-error-length = Das ist zu kurz oder zu lang.
ptest-error-too-long = Das ist zu lang.
ptest-error-invalid = Das ist nicht gültig.
ptest-error-unknown = Das gibt es nicht.
ptest-error-range = Diese Zahl liegt ausserhalb des Bereichs.
ptest-error-too-many = Das sind zu viele.
ptest-error-duplicate = Etwas kommt doppelt vor.
ptest-error-before-start = Die Bewerbung muss nach ihrem Beginn enden.
ptest-error-before-close = Der Bericht muss nach dem Bewerbungsschluss fällig sein.
flash-ptest-applied = Deine Bewerbung ist gespeichert.
flash-ptest-withdrawn = Deine Bewerbung ist zurückgezogen.
flash-ptest-drawn = Die Testpersonen sind gezogen und benachrichtigt.
flash-ptest-created = Der Produkttest ist erstellt; sein Seed-Commitment ist öffentlich.
nav-product-tests = Produkttests
ptest-edit = Test ändern
ptest-save = Test speichern
flash-ptest-updated = Der Produkttest ist geändert.
## Staff-Picks und Fan-Abstimmungen (Issue 19)
nav-fan-votes = Fan-Abstimmungen
staff-pick-badge = Team-Favorit
staff-pick-make = Zum Team-Favoriten machen
staff-pick-edit = Team-Favorit ändern
field-pick-note = Warum das Team diese Idee gewählt hat (öffentlich)
hint-pick-note = Ein, zwei Sätze, höchstens { $max } Zeichen; erscheint auf der Seite der Idee.
staff-pick-submit = Team-Favorit speichern
staff-pick-remove = Team-Favorit zurücknehmen
flash-picked = Die Idee ist ein Team-Favorit.
flash-unpicked = Der Team-Favorit wurde zurückgenommen.
ideas-filter-staff-pick = Nur Team-Favoriten
ideas-chip-staff-pick = Team-Favoriten
notif-staff_pick = Das Produktteam hat deine Idee «{ $title }» zum Team-Favoriten gemacht!
notif-kind-staff-pick = Meine Ideen als Team-Favorit
timeline-fan-vote-won = Hat die Fan-Abstimmung «{ $title }» mit { $votes } von { $total } Stimmen gewonnen.
err-pick-note-length = Die Notiz zum Team-Favoriten hat 1 bis { $max } Zeichen.
problem-pick-not-public = Nur eine veröffentlichte, sichtbare Idee kann Team-Favorit werden.
fan-votes-title = Fan-Abstimmungen
fan-votes-lead = Das Produktteam wählt die Finalisten, du wählst den Favoriten. Eine Stimme pro Person, änderbar bis zum Schluss.
fan-votes-open = Jetzt offen
fan-votes-none-open = Im Moment ist keine Fan-Abstimmung offen.
fan-votes-scheduled = Demnächst
fan-votes-closed = Abgeschlossen
fan-vote-state = { $state ->
    [open] Offen
    [scheduled] Demnächst
    [cancelled] Abgesagt
   *[closed] Abgeschlossen
}
fan-vote-finalists = Finalisten
fan-vote-winner = Gewinner
fan-vote-opens = Beginnt
fan-vote-closes = Endet
fan-vote-closed-at = Beendet
fan-vote-results-live = Die Ergebnisse sind laufend sichtbar.
fan-vote-results-after-close = Die Ergebnisse erscheinen nach dem Schluss.
fan-vote-sign-in = Melde dich an, um abzustimmen.
fan-vote-choose = Wähle deinen Favoriten
fan-vote-choose-this = Mein Favorit: { $title }
fan-vote-your-choice = Deine Stimme
fan-vote-cast = Abstimmen
fan-vote-change = Stimme ändern
fan-vote-withdraw = Stimme zurückziehen
fan-vote-results = Zwischenstand
fan-vote-final-results = Endergebnis
fan-vote-total = { $count ->
    [one] { $shown } Stimme insgesamt
   *[other] { $shown } Stimmen insgesamt
}
fan-vote-votes = { $count ->
    [one] { $shown } Stimme
   *[other] { $shown } Stimmen
}
fan-vote-results-not-yet = Die Abstimmung hat noch nicht begonnen.
fan-vote-results-hidden = Die Zahlen bleiben bis zum Schluss verborgen.
fan-vote-cancel = Diese Fan-Abstimmung absagen
fan-vote-new-title = Neue Fan-Abstimmung
fan-vote-new-lead = Wähle { $min } bis { $max } veröffentlichte Ideen als Finalisten. Eine Idee kann nur in einer offenen oder geplanten Abstimmung sein.
fan-vote-create = Fan-Abstimmung anlegen
field-fan-vote-title = Titel
field-fan-vote-finalists = Finalisten
hint-fan-vote-finalists = Kreuze { $min } bis { $max } Ideen an (★: Team-Favorit).
field-fan-vote-opens = Beginnt am
field-fan-vote-closes = Endet am
field-fan-vote-show-results = Ergebnisse
flash-fan-vote-cast = Deine Stimme zählt. Du kannst sie bis zum Schluss ändern.
flash-fan-vote-withdrawn = Deine Stimme wurde zurückgezogen.
flash-fan-vote-cancelled = Die Fan-Abstimmung wurde abgesagt.
flash-fan-vote-created = Die Fan-Abstimmung wurde angelegt.
err-fanvote-title-length = Ein Titel hat { $min } bis { $max } Zeichen.
err-fanvote-idea_ids-count = Wähle { $min } bis { $max } Finalisten.
err-fanvote-idea_ids-duplicate = Jeder Finalist zählt nur einmal.
err-fanvote-idea_ids-invalid = Einer der Finalisten ist keine Idee.
err-fanvote-opens_at-invalid = Gib Datum und Uhrzeit an.
err-fanvote-closes_at-invalid = Gib Datum und Uhrzeit an.
err-fanvote-closes_at-order = Die Abstimmung endet nach ihrem Beginn.
err-fanvote-closes_at-range = Eine Fan-Abstimmung dauert höchstens { $max } Tage.
err-fanvote-closes_at-past = Das Ende liegt in der Vergangenheit.
err-fanvote-show_results-invalid = Wähle, wann die Ergebnisse erscheinen.
err-fanvote-idea_id-not_finalist = Wähle einen der Finalisten.
problem-finalist-not-eligible = Ein Finalist muss eine veröffentlichte, sichtbare Idee sein.
problem-finalist-in-other-vote = Eine dieser Ideen ist schon Finalist einer offenen oder geplanten Fan-Abstimmung.
problem-fan-vote-started = Diese Fan-Abstimmung hat begonnen oder wurde abgesagt; sie lässt sich nicht mehr ändern.
problem-fan-vote-not-open = Diese Fan-Abstimmung hat noch nicht begonnen.
problem-fan-vote-closed = Diese Fan-Abstimmung ist beendet.
problem-staff-cannot-vote = Das Team stimmt bei Fan-Abstimmungen nicht mit ab.
## Privates Feedback und das Review-Board (docs/REVIEW.md)
problem-not-evaluator = Du bist für diese Idee nicht als Gutachterin oder Gutachter eingeteilt.
problem-criteria-locked = Eine Idee dieses Boards ist schon im Review: die Kriterien ändern sich nicht mehr.
problem-not-in-review = Die Idee ist nicht (mehr) im Review.
problem-evaluations-incomplete = Noch haben nicht alle Gutachtenden bewertet. Ein Admin kann trotzdem entscheiden.
review-criterion-brand-fit = Markenfit
review-criterion-feasibility = Machbarkeit
review-criterion-demand = Nachfrage
review-criterion-originality = Originalität
memo-heading = Entscheidungsnotiz
memo-above-bar = über unserer Messlatte
memo-below-bar = unter unserer Messlatte
memo-explained = So fielen die Bewertungen des Produktteams je Kriterium aus (ab einem Mittel von 3 von 5 über unserer Messlatte).
feedback-originality = Originalität
feedback-execution = Ausführung (Technik)
feedback-detail = Detail
feedback-presentation = Präsentation
feedback-heading = Privates Feedback
feedback-author-lead = { $count ->
    [0] Noch hat dir niemand privates Feedback zu dieser Idee gegeben. Nur du siehst es hier, ohne Namen.
    [one] Ein Mitglied hat dir privates Feedback gegeben. Nur du siehst es, ohne Namen.
   *[other] { $count } Mitglieder haben dir privates Feedback gegeben. Nur du siehst es, ohne Namen.
}
feedback-criterion = Kriterium
feedback-mean = Mittel
feedback-count = Bewertungen
feedback-notes = Notizen
feedback-member-lead = Hilf der Erfinderin oder dem Erfinder privat: nur sie sehen deine Punkte (1 bis 5) und deine Notiz, zusammengefasst und ohne deinen Namen.
feedback-choose = Wählen…
feedback-note = Notiz an die Erfinderin oder den Erfinder
feedback-note-hint = Markdown, höchstens { $max } Zeichen. Bleib freundlich und konkret.
feedback-give = Feedback senden
feedback-change = Mein Feedback ändern
flash-feedback-saved = Danke: dein Feedback ist angekommen.
flash-feedback-invalid = Bewerte jedes Kriterium von 1 bis 5; eine Notiz hat höchstens 2000 Zeichen.
flash-eval-saved = Deine Bewertung ist gespeichert.
flash-eval-recused = Du bist zurückgetreten; wenn jemand frei ist, wird eine andere Person eingeteilt.
flash-criteria-saved = Die Review-Kriterien sind gespeichert.
eval-link = Bewertungen im Review-Board
eval-title = Bewertung
eval-lead = { $submitted } abgegeben, { $pending } noch offen.
eval-mine = Deine Bewertung
eval-blind = Blind, bis du abgibst: die Punkte der anderen siehst du noch nicht.
eval-submitted = Abgegeben. Du kannst sie bis zur Entscheidung ändern.
eval-weight = Gewicht { $weight }
eval-note = Private Notiz für das Produktteam
eval-no-conflict = Ich habe keinen Interessenkonflikt mit dieser Idee oder ihrer Urheberin, ihrem Urheber.
eval-submit = Bewertung abgeben
eval-recuse = Zurücktreten (Interessenkonflikt)
eval-others = Gutachtende
eval-others-hidden = Ihre Punkte erscheinen, sobald du deine abgegeben hast.
eval-status = { $status ->
    [assigned] offen
    [submitted] abgegeben
   *[recused] zurückgetreten
}
eval-none = Keine weiteren Gutachtenden.
eval-error-conflict = Erkläre, dass du keinen Interessenkonflikt hast, oder tritt zurück.
eval-error-scores = Bewerte jedes Kriterium von 1 bis 5 (eine Notiz hat höchstens 2000 Zeichen).
calibration-heading = Kalibrierung
calibration-weighted = Gewichtete Punktzahl
calibration-range = Spanne
calibration-spread = Streuung
calibration-outliers = Weit weg von den anderen
calibration-others = die anderen: { $mean }
rboard-title = Review-Board
rboard-lead = Ideen im Review, nach gewichteter Punktzahl (0–100) aus den abgegebenen Bewertungen gereiht.
rboard-idea = Idee
rboard-evaluations = Bewertungen
rboard-blind = nach deiner Bewertung
rboard-counts = { $submitted } abgegeben, { $pending } offen
rboard-empty = Keine Idee ist im Review.
criteria-open-link = Review-Kriterien des offenen Boards
criteria-title = Review-Kriterien
criteria-open-board = offenes Board
criteria-lead = Jedes Kriterium hat ein Gewicht; die Gewichte ergeben zusammen 100. Sie lassen sich ändern, bis die erste Idee des Boards ins Review kommt.
criteria-locked = Eine Idee dieses Boards ist im Review: diese Kriterien ändern sich nicht mehr.
criteria-invalid = Prüfe die Kriterien: Schlüssel in snake_case, jeder einmal, Gewichte von 1 bis 100, die zusammen 100 ergeben.
criteria-defaults = Das sind die Standardkriterien; beim Speichern werden sie die dieses Boards.
criteria-key = Schlüssel
criteria-label = Name
criteria-weight = Gewicht
criteria-save = Kriterien speichern
notif-feedback_received = { $count ->
    [one] Neues privates Feedback zu «{ $title }»
   *[other] { $count } neue private Feedbacks zu «{ $title }»
}
move-override-evaluations = Entscheiden, obwohl noch nicht alle Gutachtenden bewertet haben (Admins)
ptest-write-report = Testbericht schreiben
ptest-you-reported = Du hast berichtet am
ptest-see-review = Deine Rezension auf der Produktseite ansehen
ptest-report-title = Dein Testbericht
ptest-report-lead = Erzähl anderen, wie sich { $product } in deinem Test geschlagen hat. Dein Bericht wird deine Rezension des Produkts. Abgabe bis:
ptest-report-stars = Deine Bewertung
ptest-report-star = { $count ->
    [one] 1 Stern
   *[other] { $count } Sterne
}
ptest-report-pros = Was gut war
ptest-report-cons = Was weniger gut war
ptest-report-text = Dein Bericht
ptest-report-submit = Bericht senden
flash-ptest-reported = Danke! Dein Testbericht ist als deine Rezension veröffentlicht.

## Webhooks (docs/WEBHOOKS.md)
problem-webhook-target-refused = Diese Adresse führt zu einer Loopback-, privaten, link-lokalen oder Metadaten-Adresse. Webhooks gehen nur an öffentliche Adressen.
problem-webhook-target-unresolvable = Der Host dieser Adresse lässt sich nicht auflösen. Prüfe die Schreibweise.
notif-webhook_disabled = Der Webhook an { $url } ist einen Tag lang gescheitert und wurde ausgeschaltet.
webhooks-title = Webhooks
webhooks-lead = Sende die Ereignisse der Plattform signiert an die Werkzeuge, die deine Organisation schon nutzt.
webhooks-secret-heading = Das Signatur-Geheimnis
webhooks-secret-once = Kopiere das Geheimnis für { $url } jetzt: Es wird nur dieses eine Mal gezeigt. Prüfe damit die Signatur jeder Zustellung.
webhooks-new = Neuer Endpunkt
webhooks-url = URL (http oder https, eine öffentliche Adresse)
webhooks-description = Beschreibung
webhooks-events = Ereignisse
webhooks-create = Endpunkt eintragen
webhooks-list = Endpunkte
webhooks-enabled = An
webhooks-disabled = Aus
webhooks-disabled-failing = Nach einem Tag gescheiterter Zustellungen ausgeschaltet.
webhooks-deliveries = Zustellprotokoll
webhooks-save-events = Ereignisse speichern
webhooks-enable = Einschalten
webhooks-disable = Ausschalten
webhooks-rotate = Neues Geheimnis
webhooks-delete = Löschen
webhooks-empty = Noch keine Endpunkte.
webhooks-deliveries-title = Webhook-Zustellungen
webhooks-back = Zurück zu den Webhooks
webhooks-col-event = Ereignis
webhooks-col-status = Status
webhooks-col-attempts = Versuche
webhooks-redeliver = Nochmals senden
webhooks-status = { $status ->
    [delivered] Zugestellt
    [failed] Gescheitert
   *[pending] Wartet
}
webhooks-ms = { $ms } ms
webhooks-deliveries-empty = Noch nichts gesendet.
flash-webhook-saved = Der Endpunkt wurde gespeichert.
flash-webhook-deleted = Der Endpunkt wurde gelöscht.
flash-webhook-redelivered = Die Nachricht wird nochmals gesendet.
nav-webhooks = Webhooks
## Atom-Feeds und Neuigkeiten der Challenges (docs/FEEDS.md)
feed-ideas-title = ideashelf: neue Ideen
feed-challenge-ideas-title = Neue Ideen in «{ $challenge }»
feed-timeline-title = Verlauf von «{ $idea }»
feed-news-title = Neuigkeiten von «{ $challenge }»
feed-product-reviews-title = Bewertungen von { $product }
feed-reviews-title = ideashelf: neue Produktbewertungen
feed-event-title = Status: { $status }
feed-update-title = Update: { $title }
feed-review-untitled = Bewertung von { $author }
feed-review-stars = { $stars } von 5 Sternen
feed-ideas-link = Neue Ideen (Atom-Feed)
feed-challenge-ideas-link = Neue Ideen dieser Challenge (Atom-Feed)
feed-news-link = Neuigkeiten dieser Challenge (Atom-Feed)
feed-timeline-link = Verlauf dieser Idee (Atom-Feed)
feed-product-reviews-link = Neue Bewertungen dieses Produkts (Atom-Feed)
feed-reviews-link = Neue Bewertungen aller Produkte (Atom-Feed)
news-heading = Neuigkeiten
news-empty = Noch keine Neuigkeiten.
news-scheduled = Geplant
news-new-title = Neuigkeit veröffentlichen
news-edit-title = Neuigkeit bearbeiten
news-field-title = Titel
news-field-body = Text
news-field-body-hint = Markdown: **fett**, *kursiv*, Listen und Links.
news-post = Neuigkeit veröffentlichen
news-save = Speichern
news-edit = Bearbeiten
news-delete = Löschen
news-back = Zurück zur Challenge
flash-news-posted = Die Neuigkeit ist veröffentlicht.
flash-news-saved = Die Neuigkeit ist gespeichert.
flash-news-deleted = Die Neuigkeit ist gelöscht.
## Single Sign-on (docs/ACCOUNTS.md, "Single sign-on")
sso-sign-in-with = Anmelden mit { $name }
sso-or = oder mit deinem Passwort
sso-refused-title = Die Anmeldung hat nicht geklappt
sso-try-again = Zurück zur Anmeldung
sso-finish-title = Fast geschafft
sso-register-lead = Du hast dich mit { $name } als { $email } angemeldet. Wähle deinen Handle (andere sehen ihn neben deinen Beiträgen) und akzeptiere die Nutzungsbedingungen.
sso-register-submit = Konto anlegen
sso-link-lead = Hier gibt es schon ein Konto mit { $email }. Gib einmal sein Passwort ein, um { $name } damit zu verknüpfen; danach meldet dich { $name } an.
sso-link-submit = Verknüpfen und anmelden
login-sso-only = Auf dieser Seite meldest du dich mit dem Konto deiner Organisation an.
register-sso-only = Konten entstehen hier über die Anmeldung deiner Organisation: nutze den Knopf oben.
settings-sign-in = Anmeldewege
settings-sso-password-set = Du kannst dich mit deinem Passwort anmelden.
settings-sso-password-none = Du hast hier kein Passwort; du meldest dich über einen verknüpften Anbieter an.
settings-sso-linked = verknüpft seit
settings-sso-link = { $name } verknüpfen
settings-sso-unlink = { $name } trennen
flash-sso-linked = Der Anbieter ist mit deinem Konto verknüpft.
flash-sso-unlinked = Der Anbieter ist von deinem Konto getrennt.
problem-password-signin-disabled = Auf dieser Seite meldest du dich nur per Single Sign-on an.
problem-oidc-provider-unavailable = Der Anmeldedienst antwortet gerade nicht. Versuche es in ein paar Minuten noch einmal.
problem-oidc-state-invalid = Diese Anmeldung hat nicht dieser Browser begonnen, oder sie hat zu lange gedauert. Beginne noch einmal.
problem-oidc-sign-in-failed = Der Anbieter hat die Anmeldung nicht abgeschlossen (abgebrochen oder abgelehnt).
problem-oidc-id-token-invalid = Die Antwort des Anbieters hat unsere Prüfung nicht bestanden; wir haben dich nicht angemeldet.
problem-oidc-domain-not-allowed = Dieser Anbieter meldet nur Adressen seiner Organisation an.
problem-oidc-email-missing = Der Anbieter hat uns deine E-Mail-Adresse nicht genannt; ein Konto braucht eine.
problem-oidc-email-unverified = Es gibt ein Konto mit dieser Adresse, und der Anbieter bestätigt die Adresse nicht. Melde dich mit deinem Passwort an und verknüpfe den Anbieter in deinen Einstellungen.
problem-oidc-link-from-settings = Es gibt ein Konto mit dieser Adresse. Melde dich an wie sonst auch und verknüpfe den Anbieter in deinen Einstellungen.
problem-oidc-identity-taken = Dieses Konto beim Anbieter ist mit einem anderen Mitglied verknüpft.
problem-last-sign-in-method = Das ist dein letzter Anmeldeweg. Lege zuerst ein Passwort fest oder verknüpfe einen weiteren Anbieter.
