import type { Catalog } from "./keys.js";

/** German (formal "Sie"). */
export const de: Catalog = {
  "app.name": "Anmeldung",
  "app.skipToContent": "Zum Inhalt springen",
  "app.language": "Sprache",
  "app.privacy": "Datenschutz",
  "app.imprint": "Impressum",
  "app.help": "Hilfe",
  "index.title": "Anmeldedienst",
  "index.body":
    "Anwendungen schicken Sie hierher, wenn Sie sich bei ihnen anmelden. Sind Sie versehentlich hier, kehren Sie zur gewünschten Anwendung zurück und melden Sie sich dort an.",

  "login.title": "Bitte melden Sie sich an",
  "login.intro": "{client} möchte, dass Sie sich anmelden.",
  "login.email": "E-Mail",
  "login.password": "Passwort",
  "login.remember": "Auf diesem Gerät angemeldet bleiben",
  "login.accept": "Anmelden",
  "login.reject": "Ablehnen",
  "login.invalidCredentials": "Die E-Mail-Adresse oder das Passwort ist nicht korrekt. Bitte versuchen Sie es erneut.",
  "login.missingFields": "Bitte geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.",
  "login.locked":
    "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie zu Ihrer Sicherheit {minutes} Min., bevor Sie es erneut versuchen.",
  "login.demoHint": "Demo-Konto: foo@bar.com mit dem Passwort foobar.",
  "login.or": "oder",
  "login.passkey": "Mit einem Passkey anmelden",
  "login.passkey.failed":
    "Dieser Passkey konnte nicht geprüft werden. Versuchen Sie es erneut oder melden Sie sich mit Ihrem Passwort an.",
  "login.passkey.unsupported": "Dieser Browser kann keine Passkeys verwenden.",
  "login.passkey.error":
    "Die Passkey-Abfrage wurde abgebrochen oder ist fehlgeschlagen. Bitte versuchen Sie es erneut.",
  "login.second.title": "Bestätigen Sie, dass Sie es sind",
  "login.second.intro": "{client} möchte, dass Sie sich anmelden. Ihr Konto verlangt einen zweiten Schritt.",
  "login.second.code": "Code aus Ihrer Authenticator-App oder ein Wiederherstellungscode",
  "login.second.codeHint": "Sechs Ziffern aus der App oder einer Ihrer Wiederherstellungscodes (xxxxx-xxxxx).",
  "login.second.accept": "Weiter",
  "login.second.passkey": "Stattdessen einen Passkey verwenden",
  "login.code.invalid": "Dieser Code ist ungültig oder wurde bereits verwendet. Bitte versuchen Sie es erneut.",
  "login.code.missing": "Bitte geben Sie den Code aus Ihrer Authenticator-App oder einen Wiederherstellungscode ein.",
  "login.step.expired.title": "Dieser Anmeldeschritt ist abgelaufen",
  "login.step.expired.detail":
    "Zu Ihrer Sicherheit muss der zweite Schritt innerhalb weniger Minuten auf den ersten folgen, im selben Browser. Bitte melden Sie sich erneut an.",
  "login.needsFactor.title": "Ein zweiter Faktor ist erforderlich",
  "login.needsFactor.detail":
    "{client} verlangt eine Anmeldung mit zwei Faktoren, und Ihr Konto hat noch keinen. Richten Sie auf Ihrer Kontoseite eine Authenticator-App oder einen Passkey ein und melden Sie sich dann erneut an.",
  "login.needsFactor.account": "Ihre Kontoseite öffnen",

  "consent.title": "Eine Anwendung bittet um Zugriff auf Ihre Daten!",
  "consent.intro": "{client} möchte auf Ihr Konto zugreifen.",
  "consent.scopes": "Die Anwendung möchte:",
  "consent.noScopes": "Die Anwendung fragt nach keinen Berechtigungen.",
  "consent.audiences": "Sie möchte Ihren Zugriff bei folgenden Diensten verwenden:",
  "consent.remember": "Diese Entscheidung merken",
  "consent.rememberFor":
    "{client} fragt {duration} lang nicht erneut nach. Sie können den Zugriff auf Ihrer Kontoseite wieder entziehen.",
  "consent.rememberUntilRemoved":
    "Die Anwendung fragt nicht erneut, bis Sie den Zugriff auf Ihrer Kontoseite entziehen.",
  "consent.signedInAs": "Angemeldet als {user}.",
  "consent.notYou": "Nicht Sie? Anderes Konto verwenden",
  "consent.redirectTo": "Danach werden Sie zu {host} weitergeleitet.",
  "consent.trust":
    "Vergewissern Sie sich, dass Sie {client} vertrauen: Die Anwendung kann alles nutzen, was Sie hier erlauben.",
  "consent.accept": "Zugriff erlauben",
  "consent.reject": "Ablehnen",
  "consent.policy": "Datenschutzerklärung",
  "consent.terms": "Nutzungsbedingungen",
  "consent.logoAlt": "Logo von {client}",
  "consent.scopeFallback": "Die Berechtigung „{scope}“ verwenden",
  "scope.openid": "Ihre Identität bestätigen",
  "scope.offline_access": "Verbunden bleiben, auch wenn Sie die Anwendung nicht nutzen",
  "scope.offline": "Verbunden bleiben, auch wenn Sie die Anwendung nicht nutzen",
  "scope.email": "Ihre E-Mail-Adresse sehen",
  "scope.profile": "Ihren Namen, Ihr Bild und Ihre Sprache sehen",
  "scope.phone": "Ihre Telefonnummer sehen",
  "scope.address": "Ihre Postanschrift sehen",

  "logout.title": "Möchten Sie sich abmelden?",
  "logout.intro": "Sie werden von {client} abgemeldet.",
  "logout.introNoClient": "Sie werden von diesem Dienst abgemeldet.",
  "logout.accept": "Abmelden",
  "logout.reject": "Angemeldet bleiben",
  "logout.stayed.title": "Sie sind weiterhin angemeldet",
  "logout.stayed.body": "Es wurde nichts geändert. Sie können diesen Tab schließen oder zur Anwendung zurückkehren.",
  "logout.done.title": "Sie sind abgemeldet",
  "logout.done.body": "Sie wurden abgemeldet. Sie können diesen Tab schließen.",

  "device.title": "Gerät verbinden",
  "device.intro": "Geben Sie den Code ein, den Ihr Gerät anzeigt.",
  "device.code": "Code",
  "device.verify": "Weiter",
  "device.invalidCode":
    "Dieser Code ist ungültig oder abgelaufen. Prüfen Sie den Code auf Ihrem Gerät und versuchen Sie es erneut.",
  "device.missingCode": "Bitte geben Sie den Code ein, den Ihr Gerät anzeigt.",
  "device.success.title": "Ihr Gerät ist verbunden",
  "device.success.body": "Sie können diesen Tab schließen und zu Ihrem Gerät zurückkehren.",

  "account.title": "Ihr Konto",
  "account.signedInAs": "Angemeldet als {email}",
  "account.apps.title": "Verbundene Apps",
  "account.apps.intro":
    "Diese Anwendungen können Ihr Konto verwenden. Entziehen Sie allen, die Sie nicht mehr nutzen, den Zugriff.",
  "account.apps.empty": "Keine Anwendung hat Zugriff auf Ihr Konto.",
  "account.apps.logoAlt": "Logo von {client}",
  "account.apps.scopes": "Was die App darf:",
  "account.apps.noScopes": "Nichts außer zu wissen, dass Sie sich angemeldet haben.",
  "account.apps.audiences": "Wo die App Ihren Zugriff verwendet:",
  "account.apps.grantedAt": "Erlaubt am {date} (UTC)",
  "account.apps.rememberedUntil": "Gemerkt bis {date} (UTC)",
  "account.apps.rememberedForever": "Gemerkt, bis Sie den Zugriff entfernen",
  "account.apps.askedEachTime": "Wird bei jeder Anmeldung erneut gefragt",
  "account.apps.remove": "Zugriff entfernen",
  "account.apps.removeLabel": "Zugriff von {client} entfernen",
  "account.apps.removed":
    "Zugriff entfernt. Die Tokens der App funktionieren nicht mehr, und sie wird beim nächsten Mal erneut fragen.",
  "account.password.title": "Passwort ändern",
  "account.password.current": "Aktuelles Passwort",
  "account.password.new": "Neues Passwort",
  "account.password.newHint": "Mindestens 12 Zeichen. Vermeiden Sie gängige Passwörter und Ihre E-Mail-Adresse.",
  "account.password.repeat": "Neues Passwort wiederholen",
  "account.password.submit": "Passwort ändern",
  "account.password.changed": "Ihr Passwort wurde geändert.",
  "account.password.wrongCurrent": "Das aktuelle Passwort ist nicht korrekt.",
  "account.password.tooShort": "Das neue Passwort muss mindestens 12 Zeichen lang sein.",
  "account.password.tooLong": "Das neue Passwort darf höchstens 1.024 Zeichen lang sein.",
  "account.password.mismatch": "Die beiden neuen Passwörter stimmen nicht überein.",
  "account.password.common": "Dieses Passwort gehört zu den häufigsten. Bitte wählen Sie ein anderes.",
  "account.password.isEmail": "Das neue Passwort darf nicht Ihre E-Mail-Adresse sein.",
  "account.security.title": "Anmeldung in zwei Schritten",
  "account.security.intro": "Ein zweiter Schritt schützt Ihr Konto, selbst wenn jemand Ihr Passwort erfährt.",
  "account.totp.title": "Authenticator-App",
  "account.totp.on": "Aktiv seit {date} (UTC). Nach Ihrem Passwort wird ein Code aus Ihrer App abgefragt.",
  "account.totp.off": "Nicht eingerichtet.",
  "account.totp.enroll": "Authenticator-App einrichten",
  "account.totp.scan":
    "Scannen Sie diesen Code mit Ihrer Authenticator-App oder geben Sie den Schlüssel unten ein. Geben Sie dann den Code ein, den die App anzeigt.",
  "account.totp.qrLabel": "QR-Code, um dieses Konto zu einer Authenticator-App hinzuzufügen",
  "account.totp.key": "Schlüssel",
  "account.totp.code": "Code aus der App",
  "account.totp.confirm": "Aktivieren",
  "account.totp.remove": "Authenticator-App deaktivieren",
  "account.totp.enrolled": "Die Authenticator-App ist aktiviert.",
  "account.totp.removed":
    "Die Authenticator-App ist deaktiviert, und ihre Wiederherstellungscodes funktionieren nicht mehr.",
  "account.totp.wrongCode":
    "Dieser Code ist nicht korrekt. Prüfen Sie die Uhrzeit auf Ihrem Telefon und versuchen Sie es mit dem aktuellen Code.",
  "account.totp.expired": "Die Einrichtung hat zu lange gedauert. Bitte beginnen Sie erneut.",
  "account.recovery.title": "Wiederherstellungscodes",
  "account.recovery.intro":
    "Bewahren Sie diese Codes an einem sicheren Ort auf. Jeder Code funktioniert einmal, anstelle eines Codes aus Ihrer App. Sie werden nur jetzt angezeigt.",
  "account.recovery.left": "Verbleibende Wiederherstellungscodes: {count}",
  "account.recovery.renew": "Neue Wiederherstellungscodes erstellen",
  "account.passkeys.title": "Ihre Passkeys",
  "account.passkeys.intro":
    "Melden Sie sich statt mit einem Passwort mit Ihrem Fingerabdruck, Ihrem Gesicht oder Ihrer Bildschirmsperre an.",
  "account.passkeys.empty": "Noch kein Passkey vorhanden.",
  "account.passkeys.add": "Passkey hinzufügen",
  "account.passkeys.created": "Hinzugefügt am {date} (UTC)",
  "account.passkeys.lastUsed": "Zuletzt verwendet am {date} (UTC)",
  "account.passkeys.name": "Bezeichnung",
  "account.passkeys.rename": "Umbenennen",
  "account.passkeys.remove": "Entfernen",
  "account.passkeys.removeLabel": "Passkey {name} entfernen",
  "account.passkeys.added": "Der Passkey wurde hinzugefügt. Sie können ihm unten einen Namen geben.",
  "account.passkeys.renamed": "Der Passkey wurde umbenannt.",
  "account.passkeys.removed": "Der Passkey wurde entfernt.",
  "account.passkeys.failed": "Der Passkey konnte nicht hinzugefügt werden. Bitte versuchen Sie es erneut.",
  "account.passkeys.nameMissing": "Bitte geben Sie dem Passkey einen Namen.",
  "account.passkeys.none.title": "Passkey nicht gefunden",
  "account.passkeys.none.detail": "Dieser Passkey gehört nicht zu Ihrem Konto.",
  "account.signOut.title": "Abmelden",
  "account.signOut.submit": "Abmelden",
  "account.signOut.everywhere": "Überall abmelden",
  "account.signOut.everywhereHint": "Beendet jede gespeicherte Anmeldung auf allen Geräten.",
  "account.signedOut.title": "Sie sind nicht angemeldet",
  "account.signedOut.detail":
    "Ihre Sitzung auf dieser Seite ist beendet. Öffnen Sie Ihr Konto erneut, um sich anzumelden.",
  "account.signInFailed.title": "Die Anmeldung wurde nicht abgeschlossen",
  "account.signInFailed.detail":
    "Die Anmeldung bei Ihrem Konto wurde abgebrochen oder konnte nicht geprüft werden. Bitte versuchen Sie es erneut.",
  "account.signInExpired.detail":
    "Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Browser begonnen. Bitte versuchen Sie es erneut.",
  "account.noSuchApp.title": "App nicht gefunden",
  "account.noSuchApp.detail": "Diese Anwendung hat keinen Zugriff auf Ihr Konto.",

  "error.back": "Kehren Sie zur Anwendung zurück und beginnen Sie erneut.",
  "error.retry": "Erneut versuchen",
  "error.home": "Startseite",
  "error.oauth.title": "Die Anmeldung konnte nicht abgeschlossen werden",
  "error.oauth.detail": "Die Anwendung oder der Anmeldedienst hat ein Problem gemeldet.",
  "error.oauth.error": "Fehler",
  "error.oauth.description": "Beschreibung",
  "error.oauth.hint": "Hinweis",
  "error.badRequest.title": "Dieser Link ist ungültig",
  "error.badRequest.detail": "In der Anfrage fehlen Angaben oder sie enthält ungültige Angaben.",
  "error.challenge.missing": "Der Link enthält keine Anmeldeanfrage. Beginnen Sie erneut in der Anwendung.",
  "error.challenge.invalid": "Die Anmeldeanfrage im Link ist ungültig. Beginnen Sie erneut in der Anwendung.",
  "error.challenge.unknown": "Diese Anmeldeanfrage existiert nicht. Beginnen Sie erneut in der Anwendung.",
  "error.challenge.expired.title": "Die Anmeldung hat zu lange gedauert",
  "error.challenge.expired":
    "Zu Ihrer Sicherheit laufen Anmeldeanfragen nach einer Weile ab. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.",
  "error.form.invalid": "Das Formular wurde nicht wie erwartet ausgefüllt. Bitte versuchen Sie es erneut.",
  "error.csrf.title": "Dieses Formular ist abgelaufen",
  "error.csrf.detail":
    "Zu Ihrer Sicherheit funktioniert ein Formular nur auf der Seite, die wir Ihnen angezeigt haben, im selben Browser und mit erlaubten Cookies. Öffnen Sie die Seite erneut und senden Sie es von dort ab.",
  "error.crossSite.title": "Dieses Formular wurde von einer anderen Website gesendet",
  "error.crossSite.detail":
    "Zu Ihrer Sicherheit nehmen wir dieses Formular nur von unseren eigenen Seiten an. Kehren Sie zur Anwendung zurück und beginnen Sie erneut.",
  "error.notFound.title": "Seite nicht gefunden",
  "error.notFound.detail": "Unter dieser Adresse ist nichts zu finden.",
  "error.unavailable.title": "Der Anmeldedienst ist nicht verfügbar",
  "error.unavailable.detail":
    "Wir konnten den Anmeldedienst nicht erreichen. Bitte versuchen Sie es in einem Moment erneut.",
  "error.accountGone.title": "Dieses Konto gibt es nicht mehr",
  "error.accountGone.detail":
    "Es wurde entfernt, während Sie es benutzt haben. Melden Sie sich erneut an, mit einem anderen Konto, falls Sie eines haben.",
  "error.passkeyTaken.title": "Dieser Passkey ist bereits registriert",
  "error.passkeyTaken.detail": "Er ist schon gespeichert. Gehen Sie zurück zu Ihrem Konto, um Ihre Passkeys zu sehen.",
  "error.internal.title": "Etwas ist schiefgelaufen",
  "error.internal.detail": "Bei uns ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es erneut.",
  "error.tooLarge.title": "Die Anfrage ist zu groß",
  "error.tooLarge.detail": "Das Formular hat mehr Daten gesendet, als wir annehmen.",
  "error.unsupported.title": "Diese Anfrage wird nicht unterstützt",
  "error.unsupported.detail": "Das Formular wurde in einem Format gesendet, das wir nicht annehmen.",
  "error.method.title": "Diese Anfrage wird nicht unterstützt",
  "error.method.detail": "Diese Seite kann so nicht verwendet werden.",

  // Sign-in module (issues 19 and 20).
  "login.code.tooMany":
    "Zu viele falsche Codes. Melden Sie sich zu Ihrer Sicherheit bitte erneut mit Ihrem Passwort an.",
  "login.signInAgain": "Bitte melden Sie sich erneut an, um fortzufahren.",
  "login.accountUnavailable.title": "Dieses Konto kann sich nicht anmelden",
  "login.accountUnavailable.detail":
    "Dieses Konto wurde deaktiviert oder existiert nicht mehr. Wenn Sie das für einen Fehler halten, wenden Sie sich an den Support des Dienstes.",
  "login.accountUnavailable.back": "Zurück zu {client}",
  "login.needsFactor.askOperator":
    "{client} verlangt eine Anmeldung mit zwei Faktoren, und Ihr Konto hat noch keinen. Bitten Sie den Support des Dienstes, einen für Sie einzurichten.",
  "error.locked.title": "Zu viele Versuche",
  // Pages that could mislead, and consent for an account that cannot sign in (issue 19, h5-pages)
  "device.ownDeviceOnly":
    "Fahren Sie nur fort, wenn Sie dies auf Ihrem eigenen Gerät gestartet haben und es diesen Code anzeigt.",
  "device.confirmFromLink": "Ich habe dies auf meinem eigenen Gerät gestartet, und es zeigt diesen Code an.",
  "device.confirmMissing":
    "Dieser Code kam mit dem Link, den Sie geöffnet haben. Prüfen Sie, ob Ihr eigenes Gerät ihn anzeigt, und bestätigen Sie dann mit dem Häkchen.",
  "error.oauth.code.accessDenied":
    "Der Zugriff wurde abgelehnt; die Anwendung hat keinen Zugriff auf Ihr Konto erhalten.",
  "error.oauth.code.interactionRequired":
    "Die Anwendung wollte fortfahren, ohne Ihnen eine Anmeldung oder eine Frage zu zeigen, aber das ist nötig. Kehren Sie zur Anwendung zurück und versuchen Sie es erneut.",
  "error.oauth.code.client":
    "Die Anwendung ist bei diesem Anmeldedienst nicht richtig eingerichtet. Bitte wenden Sie sich an die Betreiber der Anwendung.",
  "error.oauth.code.badRequest":
    "Die Anwendung hat eine Anfrage gesendet, die dieser Anmeldedienst nicht bearbeiten kann. Bitte wenden Sie sich an die Betreiber der Anwendung.",
  "error.oauth.code.scope":
    "Die Anwendung hat Berechtigungen angefordert, die sie nicht anfordern darf. Bitte wenden Sie sich an die Betreiber der Anwendung.",
  "error.oauth.code.serverError":
    "Beim Anmeldedienst ist ein Problem aufgetreten. Bitte versuchen Sie es gleich noch einmal.",
  "error.oauth.code.expired":
    "Diese Anmeldeanfrage ist abgelaufen oder wurde bereits verwendet. Kehren Sie zur Anwendung zurück und beginnen Sie erneut.",
  "error.oauth.code.forbidden":
    "Diese Anmeldung konnte in diesem Browser nicht fortgesetzt werden. Erlauben Sie Cookies für diese Seite, kehren Sie zur Anwendung zurück und beginnen Sie erneut.",
  "error.oauth.serviceSaid": "Der Dienst meldete:",
  "error.oauth.serviceSaidNote":
    "Dies sind die eigenen Worte des Dienstes, unverändert weitergegeben. Sie stammen nicht von uns.",
  // Account area: signing in again before changes, and the recovery-codes page (issues 19 and 21).
  "account.reauth.refused.title": "Wir konnten nicht bestätigen, dass Sie es sind",
  "account.reauth.refused.detail":
    "Um zu ändern, wie Sie sich anmelden, ist eine aktuelle Anmeldung nötig, mit Ihrem zweiten Schritt, falls Sie einen nutzen. Öffnen Sie Ihr Konto und versuchen Sie es erneut.",
  "account.reauth.again": "Sie haben sich erneut angemeldet. Bitte nehmen Sie die Änderung noch einmal vor.",
  "account.confirm.title": "Änderung bestätigen",
  "account.confirm.intro": "Sie haben sich erneut angemeldet. Möchten Sie fortfahren?",
  "account.confirm.cancel": "Abbrechen",
  "account.recovery.saved": "Ich habe diese Codes gespeichert",
  // Ways on, the home page and the authenticator key (issue 21, polish).
  "index.ofBrand": "Dies ist der Anmeldedienst von {brand}.",
  "wayOn.backTo": "Zurück zu {client}",
  "wayOn.account": "Zu Ihrem Konto",
  "wayOn.home": "Zur Startseite",
  "account.totp.issuer": "Ihre Authenticator-App zeigt dieses Konto als „{issuer}“ an.",
  "account.totp.copy": "Schlüssel kopieren",
  "account.totp.copied": "Der Schlüssel ist kopiert.",
  // Email: forgot password and security notices (issue 22).
  "login.forgotPassword": "Passwort vergessen?",
  "recovery.title": "Passwort zurücksetzen",
  "recovery.intro":
    "Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen können; er gilt {minutes} Minuten.",
  "recovery.send": "Link senden",
  "recovery.missingEmail": "Bitte geben Sie Ihre E-Mail-Adresse ein.",
  "recovery.backToLogin": "Zurück zur Anmeldung",
  "recovery.sent.title": "Sehen Sie in Ihr Postfach",
  "recovery.sent.detail":
    "Falls es ein Konto für {email} gibt, haben wir einen Link dorthin gesendet. Er gilt einmal und {minutes} Minuten lang. Sehen Sie auch im Spam-Ordner nach.",
  "recovery.set.title": "Neues Passwort wählen",
  "recovery.set.intro": "Wählen Sie ein neues Passwort für {email}.",
  "recovery.set.submit": "Passwort festlegen",
  "recovery.invalid.title": "Dieser Link funktioniert nicht mehr",
  "recovery.invalid.detail":
    "Der Link ist abgelaufen, wurde schon benutzt, oder das Passwort wurde seit dem Versand geändert. Fordern Sie auf der Anmeldeseite einen neuen Link an.",
  "recovery.done.title": "Passwort geändert",
  "recovery.done.detail":
    "Ihr Passwort ist geändert. Kehren Sie zur Anwendung zurück und melden Sie sich mit dem neuen Passwort an.",
  "email.hello": "Hallo,",
  "email.footer": "Dies ist eine automatische Nachricht; Antworten werden nicht gelesen.",
  "email.recovery.subject": "Passwort zurücksetzen",
  "email.recovery.body":
    "Jemand, hoffentlich Sie, möchte das Passwort des Kontos {email} zurücksetzen. Öffnen Sie diesen Link, um ein neues zu wählen. Er gilt einmal und {minutes} Minuten lang:",
  "email.recovery.button": "Neues Passwort wählen",
  "email.recovery.ignore":
    "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.",
  "email.notice.subject": "Sicherheitshinweis zu Ihrem Konto",
  "email.notice.passwordChanged": "Das Passwort Ihres Kontos {email} wurde geändert.",
  "email.notice.passwordReset":
    "Das Passwort Ihres Kontos {email} wurde über einen per E-Mail gesendeten Link zurückgesetzt.",
  "email.notice.secondFactorAdded": "Ihrem Konto {email} wurde ein zweiter Schritt (Authenticator-App) hinzugefügt.",
  "email.notice.secondFactorRemoved": "Der zweite Schritt (Authenticator-App) wurde von Ihrem Konto {email} entfernt.",
  "email.notice.passkeyAdded": "Ihrem Konto {email} wurde ein Passkey hinzugefügt.",
  "email.notice.passkeyRemoved": "Von Ihrem Konto {email} wurde ein Passkey entfernt.",
  "email.notice.when": "Wann: {time} (UTC)",
  "email.notice.ip": "Von der IP-Adresse: {ip}",
  "email.notice.notYou": "Wenn Sie das nicht waren, ändern Sie jetzt Ihr Passwort und prüfen Sie Ihr Konto:",
  "email.notice.locked":
    "Die Anmeldung bei Ihrem Konto {email} wurde nach wiederholten Fehlversuchen vorübergehend gesperrt.",
  // Sign-up (issue 22, REGISTRATION=open).
  "login.register": "Noch kein Konto? Jetzt erstellen",
  "register.title": "Konto erstellen",
  "register.intro": "Erstellen Sie ein Konto, um mit {client} fortzufahren.",
  "register.name": "Ihr Name (optional)",
  "register.repeat": "Passwort wiederholen",
  "register.submit": "Konto erstellen",
  "register.emailInvalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
  "register.domainNotAllowed": "Die Registrierung ist hier auf Adressen dieser Domains beschränkt: {domains}.",
  "register.nameTooLong": "Der Name darf höchstens 200 Zeichen haben.",
  "register.taken":
    "Für diese Adresse gibt es schon ein Konto: Melden Sie sich an oder setzen Sie Ihr Passwort zurück.",
  "register.signIn": "Anmelden",
  "register.resetPassword": "Passwort zurücksetzen",
  "register.limited": "Zu viele Registrierungen aus Ihrem Netzwerk. Versuchen Sie es in {minutes} Minuten erneut.",
  "register.done.title": "Ihr Konto ist bereit",
  "register.done.verify": "Wir haben einen Link an {email} gesendet. Öffnen Sie ihn, um Ihre Adresse zu bestätigen.",
  "register.done.signIn": "Sie können sich jetzt mit {email} und Ihrem Passwort anmelden.",
  // Sign in by email (EMAIL_SIGN_IN)
  "login.emailSignIn": "Anmeldecode per E-Mail senden",
  "login.emailCode.title": "Code aus der E-Mail eingeben",
  "login.emailCode.sent":
    "Wenn es ein Konto für {email} gibt, haben wir ihm einen 6-stelligen Code und einen Link geschickt. Sie funktionieren einmal, {minutes} Minuten lang, und nur in diesem Browser. Sehen Sie auch im Spam-Ordner nach.",
  "login.emailCode.label": "Code aus der E-Mail",
  "login.emailCode.submit": "Anmelden",
  "login.emailCode.back": "Zurück zum Passwort-Formular",
  "login.emailCode.invalid":
    "Dieser Code ist falsch oder nicht mehr gültig. Sehen Sie in der neuesten E-Mail nach oder fordern Sie einen neuen Code an.",
  "login.emailCode.missing": "Bitte geben Sie den 6-stelligen Code aus der E-Mail ein.",
  "login.emailCode.missingEmail": "Bitte geben Sie Ihre E-Mail-Adresse ein, um einen Anmeldecode zu erhalten.",
  "login.emailCode.tooMany":
    "Zu viele falsche Codes: Dieser Code funktioniert nicht mehr. Bitte melden Sie sich erneut an.",
  "login.emailCode.elsewhere.title": "Geben Sie stattdessen den Code ein",
  "login.emailCode.elsewhere.detail":
    "Dieser Anmeldelink funktioniert nur in dem Browser, in dem Sie ihn angefordert haben. Geben Sie auf diesem Gerät stattdessen den 6-stelligen Code aus der E-Mail ein.",
  "login.emailCode.gone.title": "Dieser Anmeldelink funktioniert nicht mehr",
  "login.emailCode.gone.detail":
    "Der Link ist abgelaufen, wurde schon benutzt, oder ein neuerer Code wurde gesendet. Fordern Sie auf der Anmeldeseite einen neuen Code an.",
  "email.signInCode.subject": "Ihr Anmeldecode",
  "email.signInCode.body":
    "Jemand, hoffentlich Sie, möchte sich beim Konto {email} anmelden. Geben Sie diesen Code auf der Anmeldeseite ein. Er funktioniert einmal, {minutes} Minuten lang:",
  "email.signInCode.link": "Oder öffnen Sie diesen Link im selben Browser:",
  "email.signInCode.button": "Anmelden",
  "email.signInCode.ignore":
    "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ohne diesen Code kann sich niemand damit anmelden.",
  // Verified addresses, address changes and invitations (issue 22).
  "email.verify.subject": "Bestätigen Sie Ihre E-Mail-Adresse",
  "email.verify.body":
    "Öffnen Sie diesen Link, um zu bestätigen, dass {email} die Adresse Ihres Kontos ist. Er funktioniert einmal, 24 Stunden lang:",
  "email.verify.changeBody":
    "Jemand, hoffentlich Sie, möchte {email} zur Adresse seines Kontos machen. Öffnen Sie diesen Link, um das zu bestätigen; erst dann wird die Änderung wirksam. Er funktioniert einmal, 24 Stunden lang:",
  "email.verify.button": "Adresse bestätigen",
  "email.verify.ignore": "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.",
  "email.invite.subject": "Sie sind eingeladen",
  "email.invite.body":
    "Für Sie wurde ein Konto angelegt ({email}). Öffnen Sie diesen Link, um Ihr Passwort zu wählen. Er funktioniert einmal, {days} Tage lang:",
  "email.invite.button": "Passwort wählen",
  "email.invite.ignore":
    "Wenn Sie das nicht erwartet haben, ignorieren Sie diese E-Mail: Niemand kann sich bei dem Konto anmelden, bevor ein Passwort gewählt ist.",
  "email.notice.emailChangeRequested":
    "Jemand möchte die Adresse Ihres Kontos {email} in {newEmail} ändern. Die Änderung wird erst wirksam, wenn der an die neue Adresse gesendete Link geöffnet wird.",
  "verify.done.title": "E-Mail-Adresse bestätigt",
  "verify.done.detail": "{email} ist jetzt die bestätigte Adresse Ihres Kontos.",
  "verify.invalid.title": "Dieser Link funktioniert nicht mehr",
  "verify.invalid.detail":
    "Der Link ist abgelaufen, wurde schon benutzt, oder die Adresse des Kontos hat sich seit dem Versand geändert. Fordern Sie auf Ihrer Kontoseite einen neuen Link an.",
  "verify.taken.title": "Diese Adresse ist vergeben",
  "verify.taken.detail":
    "Ein anderes Konto verwendet diese Adresse inzwischen, daher wurde Ihre Adresse nicht geändert. Wählen Sie auf Ihrer Kontoseite eine andere.",
  "invitation.set.title": "Wählen Sie Ihr Passwort",
  "invitation.set.intro": "Willkommen! Wählen Sie ein Passwort für Ihr Konto {email}.",
  "invitation.set.submit": "Passwort festlegen",
  "invitation.done.title": "Ihr Konto ist bereit",
  "invitation.done.detail":
    "Ihr Passwort ist festgelegt und Ihre Adresse {email} bestätigt. Sie können sich jetzt anmelden.",
  "invitation.invalid.detail":
    "Die Einladung ist abgelaufen oder wurde schon benutzt. Bitten Sie die Person, die Sie eingeladen hat, um eine neue.",
  "account.email.title": "E-Mail-Adresse",
  "account.email.verified": "Bestätigt",
  "account.email.unverified": "Noch nicht bestätigt",
  "account.email.sendVerification": "Bestätigungslink senden",
  "account.email.verificationSent":
    "Wir haben einen Bestätigungslink an {email} gesendet. Er funktioniert einmal, 24 Stunden lang.",
  "account.email.tooMany": "An diese Adresse wurden zu viele Links gesendet. Bitte versuchen Sie es später erneut.",
  "account.email.pending":
    "Wartet auf Bestätigung: {email}. Die Änderung wird wirksam, wenn der dorthin gesendete Link geöffnet wird.",
  "account.email.new": "Neue E-Mail-Adresse",
  "account.email.change": "Adresse ändern",
  "account.email.changeSent":
    "Wir haben einen Link an {email} gesendet. Ihre Adresse ändert sich, wenn er geöffnet wird. Ihre bisherige Adresse haben wir ebenfalls benachrichtigt.",
  "account.email.invalid": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
  "account.email.same": "Das ist bereits Ihre Adresse.",
  "account.email.alreadyVerified": "Ihre Adresse ist bereits bestätigt.",
  // Sign in with another identity provider (issue 23, h15-federation).
  "upstream.or": "Oder anmelden mit",
  "upstream.button": "Mit {name} anmelden",
  "upstream.link.title": "Anmeldung mit {provider} verknüpfen",
  "upstream.link.intro":
    "Ihre {provider}-Identität ist noch mit keinem Konto hier verknüpft. Geben Sie zum Verknüpfen einmal die E-Mail-Adresse und das Passwort Ihres Kontos hier ein.",
  "upstream.link.emailTaken":
    "Hier gibt es bereits ein Konto mit der E-Mail-Adresse {email}. Geben Sie dessen Passwort ein, um Ihre {provider}-Identität damit zu verknüpfen.",
  "upstream.link.submit": "Verknüpfen und weiter",
  "upstream.link.back": "Zurück zur Anmeldung",
  "upstream.failed.title": "Die Anmeldung über einen anderen Anbieter hat nicht geklappt",
  "upstream.failed.detail":
    "Die Antwort des Identitätsanbieters konnte nicht angenommen werden: Die Anmeldung ist vielleicht abgelaufen, wurde schon verwendet oder in einem anderen Browser begonnen. Beginnen Sie die Anmeldung neu.",
  "upstream.cancelled.detail":
    "Die Anmeldung beim Identitätsanbieter wurde abgebrochen oder abgelehnt. Gehen Sie zurück und melden Sie sich auf andere Weise an.",
  "upstream.unavailable.detail":
    "Der Identitätsanbieter ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal oder melden Sie sich auf andere Weise an.",
  "upstream.noAccount.detail":
    "Für diese Identität gibt es hier kein Konto, und dieser Anbieter legt keine neuen an. Melden Sie sich auf andere Weise an.",
  "upstream.notAllowed.detail": "Adressen dieser E-Mail-Domain können sich nicht über diesen Anbieter anmelden.",
  "upstream.noEmail.detail":
    "Der Identitätsanbieter hat keine E-Mail-Adresse übermittelt, die ein neues Konto braucht.",
  "upstream.taken.detail": "Diese Identität ist bereits mit einem anderen Konto verknüpft.",
  "account.providers.title": "Andere Anmeldeanbieter",
  "account.providers.linked": "Verknüpft",
  "account.providers.link": "Verknüpfen",
  "account.providers.remove": "Entfernen",
  "account.providers.lastMethod":
    "Dies ist die letzte Möglichkeit, sich bei Ihrem Konto anzumelden: Sie kann nicht entfernt werden.",
  "account.providers.added": "Der Anbieter ist verknüpft: Sie können sich damit anmelden.",
  "account.providers.removed": "Der Anbieter ist entfernt: Sie können sich nicht mehr damit anmelden.",
  "email.notice.providerLinked":
    "Ein anderer Anbieter wurde mit Ihrem Konto {email} verknüpft: Über ihn kann man sich jetzt anmelden.",
  "email.notice.providerRemoved": "Ein Anmeldeanbieter wurde von Ihrem Konto {email} entfernt.",
  // h21 email links: the confirm page behind /verify/<token>.
  "verify.confirm.title": "E-Mail-Adresse bestätigen",
  "verify.confirm.verifyIntro": "Bestätigen Sie {email} als Adresse Ihres Kontos.",
  "verify.confirm.changeIntro":
    "Bestätigen Sie {email} als neue Adresse Ihres Kontos: Danach melden Sie sich mit ihr an, und Ihre anderen Sitzungen enden.",
  "verify.confirm.submit": "Adresse bestätigen",
  "verify.confirm.signInFirst":
    "Melden Sie sich zum Bestätigen zuerst in diesem Browser auf Ihrer Kontoseite an, mit dem Konto, für das dieser Link gesendet wurde. Öffnen Sie den Link dann erneut.",
  "verify.confirm.toAccount": "Zur Kontoseite",
  // Round trips to identity providers, limited per network (h22-fix-federation)
  "upstream.limited":
    "Zu viele Anmeldungen über einen anderen Anbieter aus Ihrem Netzwerk. Versuchen Sie es in {minutes} Minuten erneut.",
  // A new way in waits for a confirmed address while sign-up is open.
  "account.addressFirst":
    "Bestätigen Sie zuerst Ihre Adresse: Senden Sie sich oben einen Bestätigungslink und öffnen Sie ihn. Bis dahin kann keine neue Anmeldemethode hinzugefügt werden.",
};
