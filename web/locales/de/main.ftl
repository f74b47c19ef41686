# ideashelf — Deutsch. Schlüssel wie in en/main.ftl; docs/PAGES.md erklärt die Benennung.

lang-name = Deutsch
skip-to-content = Zum Inhalt springen
nav-label = Hauptnavigation
nav-home = Start
nav-submit = Idee einreichen
nav-login = Anmelden
nav-register = Mitmachen
nav-logout = Abmelden
signed-in-as = Angemeldet als
lang-switch-label = Sprache
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
support-not-gathering = Diese Idee sammelt keine Unterstützung mehr.
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
flash-err-budget = Du hast alle Unterstützungen dieser Challenge vergeben; ziehe eine zurück, um eine andere Idee zu unterstützen.
flash-err-own-idea = Deine eigene Idee kannst du nicht unterstützen.
flash-err-suspended = Dein Konto ist gesperrt; du kannst nichts veröffentlichen oder unterstützen.
flash-err-closed = Diese Challenge ist abgeschlossen; Unterstützungen lassen sich nicht mehr ändern.
flash-err-not-open = Diese Challenge hat noch nicht begonnen.
flash-err-forbidden = Das darfst du nicht.
flash-err-refused = Das geht gerade nicht.

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
error-403-text = Das darfst du nicht.
error-csrf-title = Formular abgelaufen
error-csrf-text = Dieses Formular kam ohne gültiges Sicherheits-Token an. Geh zurück, lade die Seite neu und versuche es noch einmal.
error-409-title = Gerade nicht möglich
error-409-text = Das geht im aktuellen Zustand nicht.
error-400-title = Ungültige Anfrage
error-400-text = Die Anfrage war nicht verständlich. Prüfe den Link und versuche es noch einmal.
error-429-title = Zu viele Anfragen
error-429-text = Etwas langsamer bitte — versuche es gleich noch einmal.
error-500-title = Etwas ist schiefgelaufen
error-500-text = Bei uns ist etwas schiefgelaufen. Es wurde protokolliert; bitte versuche es später noch einmal.
