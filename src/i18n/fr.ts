import type { Catalog } from "./keys.js";

/** French (formal "vous"). */
export const fr: Catalog = {
  "app.name": "Connexion",
  "app.skipToContent": "Aller au contenu",
  "app.language": "Langue",
  "app.privacy": "Confidentialité",
  "app.imprint": "Mentions légales",
  "app.help": "Aide",
  "index.title": "Service de connexion",
  "index.body":
    "Les applications vous envoient ici lorsque vous vous y connectez. Si vous êtes arrivé ici par erreur, revenez à l’application que vous vouliez utiliser et connectez-vous depuis celle-ci.",

  "login.title": "Veuillez vous connecter",
  "login.intro": "{client} vous demande de vous connecter.",
  "login.email": "Adresse e-mail",
  "login.password": "Mot de passe",
  "login.remember": "Rester connecté sur cet appareil",
  "login.accept": "Se connecter",
  "login.reject": "Refuser",
  "login.invalidCredentials": "L’adresse e-mail ou le mot de passe est incorrect. Veuillez réessayer.",
  "login.missingFields": "Veuillez saisir votre adresse e-mail et votre mot de passe.",
  "login.locked":
    "Trop de tentatives de connexion ont échoué. Pour votre sécurité, veuillez patienter {minutes} min avant de réessayer.",
  "login.demoHint": "Compte de démonstration : foo@bar.com avec le mot de passe foobar.",
  "login.or": "ou",
  "login.passkey": "Se connecter avec une clé d’accès",
  "login.passkey.failed":
    "Cette clé d’accès n’a pas pu être vérifiée. Réessayez, ou connectez-vous avec votre mot de passe.",
  "login.passkey.unsupported": "Ce navigateur ne peut pas utiliser les clés d’accès.",
  "login.passkey.error": "La demande de clé d’accès a été annulée ou a échoué. Veuillez réessayer.",
  "login.second.title": "Confirmez votre identité",
  "login.second.intro": "{client} vous demande de vous connecter. Votre compte exige une seconde étape.",
  "login.second.code": "Code de votre application d’authentification, ou code de récupération",
  "login.second.codeHint":
    "Six chiffres fournis par l’application, ou l’un de vos codes de récupération (xxxxx-xxxxx).",
  "login.second.accept": "Continuer",
  "login.second.passkey": "Utiliser plutôt une clé d’accès",
  "login.code.invalid": "Ce code n’est pas valide ou a déjà été utilisé. Veuillez réessayer.",
  "login.code.missing": "Veuillez saisir le code de votre application d’authentification ou un code de récupération.",
  "login.step.expired.title": "Cette étape de connexion a expiré",
  "login.step.expired.detail":
    "Pour votre sécurité, la seconde étape doit suivre la première en quelques minutes, dans le même navigateur. Veuillez vous reconnecter.",
  "login.needsFactor.title": "Un second facteur est nécessaire",
  "login.needsFactor.detail":
    "{client} exige une connexion à deux facteurs, et votre compte n’en a encore aucun. Configurez une application d’authentification ou une clé d’accès sur la page de votre compte, puis reconnectez-vous.",
  "login.needsFactor.account": "Ouvrir la page de votre compte",

  "consent.title": "Une application demande l’accès à vos données !",
  "consent.intro": "{client} souhaite accéder à votre compte.",
  "consent.scopes": "Elle demande l’autorisation de :",
  "consent.noScopes": "Elle ne demande aucune autorisation.",
  "consent.audiences": "Elle souhaite utiliser votre accès auprès de :",
  "consent.remember": "Mémoriser cette décision",
  "consent.rememberFor":
    "{client} ne vous le redemandera pas pendant {duration}. Vous pouvez retirer l’accès sur la page de votre compte.",
  "consent.rememberUntilRemoved":
    "Elle ne vous le redemandera pas tant que vous n’aurez pas retiré l’accès sur la page de votre compte.",
  "consent.signedInAs": "Connecté en tant que {user}.",
  "consent.notYou": "Ce n’est pas vous ? Utilisez un autre compte",
  "consent.redirectTo": "Vous serez ensuite redirigé vers {host}.",
  "consent.trust":
    "Assurez-vous de faire confiance à {client} : cette application pourra utiliser tout ce que vous autorisez ici.",
  "consent.accept": "Autoriser l’accès",
  "consent.reject": "Refuser",
  "consent.policy": "Politique de confidentialité",
  "consent.terms": "Conditions d’utilisation",
  "consent.logoAlt": "Logo de {client}",
  "consent.scopeFallback": "Utiliser l’autorisation « {scope} »",
  "scope.openid": "Confirmer votre identité",
  "scope.offline_access": "Rester connectée même lorsque vous ne l’utilisez pas",
  "scope.offline": "Rester connectée même lorsque vous ne l’utilisez pas",
  "scope.email": "Voir votre adresse e-mail",
  "scope.profile": "Voir votre nom, votre photo et votre langue",
  "scope.phone": "Voir votre numéro de téléphone",
  "scope.address": "Voir votre adresse postale",

  "logout.title": "Voulez-vous vous déconnecter ?",
  "logout.intro": "Vous allez être déconnecté de {client}.",
  "logout.introNoClient": "Vous allez être déconnecté de ce service.",
  "logout.accept": "Se déconnecter",
  "logout.reject": "Rester connecté",
  "logout.stayed.title": "Vous êtes toujours connecté",
  "logout.stayed.body": "Rien n’a changé. Vous pouvez fermer cet onglet ou revenir à l’application.",
  "logout.done.title": "Vous êtes déconnecté",
  "logout.done.body": "Vous avez été déconnecté. Vous pouvez fermer cet onglet.",

  "device.title": "Connecter un appareil",
  "device.intro": "Saisissez le code affiché sur votre appareil.",
  "device.code": "Code",
  "device.verify": "Continuer",
  "device.invalidCode": "Ce code n’est pas valide ou a expiré. Vérifiez le code sur votre appareil et réessayez.",
  "device.missingCode": "Veuillez saisir le code affiché sur votre appareil.",
  "device.success.title": "Votre appareil est connecté",
  "device.success.body": "Vous pouvez fermer cet onglet et revenir à votre appareil.",

  "account.title": "Votre compte",
  "account.signedInAs": "Connecté en tant que {email}",
  "account.apps.title": "Applications connectées",
  "account.apps.intro":
    "Ces applications peuvent utiliser votre compte. Retirez l’accès à celles que vous n’utilisez plus.",
  "account.apps.empty": "Aucune application n’a accès à votre compte.",
  "account.apps.logoAlt": "Logo de {client}",
  "account.apps.scopes": "Ce qu’elle peut faire :",
  "account.apps.noScopes": "Rien d’autre que savoir que vous vous êtes connecté.",
  "account.apps.audiences": "Où elle utilise votre accès :",
  "account.apps.grantedAt": "Autorisée le {date} (UTC)",
  "account.apps.rememberedUntil": "Mémorisée jusqu’au {date} (UTC)",
  "account.apps.rememberedForever": "Mémorisée jusqu’à ce que vous retiriez l’accès",
  "account.apps.askedEachTime": "Autorisation demandée à chaque connexion",
  "account.apps.remove": "Retirer l’accès",
  "account.apps.removeLabel": "Retirer l’accès à {client}",
  "account.apps.removed":
    "Accès retiré. Les jetons de l’application ne fonctionnent plus et elle vous redemandera l’accès la prochaine fois.",
  "account.password.title": "Changer le mot de passe",
  "account.password.current": "Mot de passe actuel",
  "account.password.new": "Nouveau mot de passe",
  "account.password.newHint": "Au moins 12 caractères. Évitez les mots de passe courants et votre adresse e-mail.",
  "account.password.repeat": "Confirmer le nouveau mot de passe",
  "account.password.submit": "Changer le mot de passe",
  "account.password.changed": "Votre mot de passe a été modifié.",
  "account.password.wrongCurrent": "Le mot de passe actuel est incorrect.",
  "account.password.tooShort": "Le nouveau mot de passe doit comporter au moins 12 caractères.",
  "account.password.tooLong": "Le nouveau mot de passe peut comporter au maximum 1024 caractères.",
  "account.password.mismatch": "Les deux nouveaux mots de passe ne sont pas identiques.",
  "account.password.common": "Ce mot de passe fait partie des plus courants. Veuillez en choisir un autre.",
  "account.password.isEmail": "Le nouveau mot de passe ne doit pas être votre adresse e-mail.",
  "account.security.title": "Connexion en deux étapes",
  "account.security.intro": "Une seconde étape protège votre compte, même si quelqu’un découvre votre mot de passe.",
  "account.totp.title": "Application d’authentification",
  "account.totp.on":
    "Activée depuis le {date} (UTC). Un code de votre application vous est demandé après votre mot de passe.",
  "account.totp.off": "Non configurée.",
  "account.totp.enroll": "Configurer une application d’authentification",
  "account.totp.scan":
    "Scannez ce code avec votre application d’authentification, ou saisissez la clé ci-dessous, puis saisissez le code qu’elle affiche.",
  "account.totp.qrLabel": "Code QR pour ajouter ce compte à une application d’authentification",
  "account.totp.key": "Clé",
  "account.totp.code": "Code de l’application",
  "account.totp.confirm": "Activer",
  "account.totp.remove": "Désactiver l’application d’authentification",
  "account.totp.enrolled": "L’application d’authentification est activée.",
  "account.totp.removed":
    "L’application d’authentification est désactivée, et ses codes de récupération ne fonctionnent plus.",
  "account.totp.wrongCode": "Ce code n’est pas correct. Vérifiez l’heure de votre téléphone et essayez le code actuel.",
  "account.totp.expired": "La configuration a pris trop de temps. Veuillez recommencer.",
  "account.recovery.title": "Codes de récupération",
  "account.recovery.intro":
    "Conservez ces codes en lieu sûr. Chacun fonctionne une seule fois, à la place d’un code de votre application. Ils ne sont affichés que maintenant.",
  "account.recovery.left": "Codes de récupération restants : {count}",
  "account.recovery.renew": "Générer de nouveaux codes de récupération",
  "account.passkeys.title": "Clés d’accès",
  "account.passkeys.intro":
    "Connectez-vous avec votre empreinte digitale, votre visage ou le verrouillage de votre écran au lieu d’un mot de passe.",
  "account.passkeys.empty": "Aucune clé d’accès pour l’instant.",
  "account.passkeys.add": "Ajouter une clé d’accès",
  "account.passkeys.created": "Ajoutée le {date} (UTC)",
  "account.passkeys.lastUsed": "Utilisée pour la dernière fois le {date} (UTC)",
  "account.passkeys.name": "Nom",
  "account.passkeys.rename": "Renommer",
  "account.passkeys.remove": "Supprimer",
  "account.passkeys.removeLabel": "Supprimer la clé d’accès {name}",
  "account.passkeys.added": "La clé d’accès a été ajoutée. Vous pouvez lui donner un nom ci-dessous.",
  "account.passkeys.renamed": "La clé d’accès a été renommée.",
  "account.passkeys.removed": "La clé d’accès a été supprimée.",
  "account.passkeys.failed": "La clé d’accès n’a pas pu être ajoutée. Veuillez réessayer.",
  "account.passkeys.nameMissing": "Veuillez donner un nom à la clé d’accès.",
  "account.passkeys.none.title": "Clé d’accès introuvable",
  "account.passkeys.none.detail": "Cette clé d’accès n’appartient pas à votre compte.",
  "account.signOut.title": "Déconnexion",
  "account.signOut.submit": "Se déconnecter",
  "account.signOut.everywhere": "Se déconnecter partout",
  "account.signOut.everywhereHint": "Met fin à toutes les connexions mémorisées, sur tous les appareils.",
  "account.signedOut.title": "Vous n’êtes pas connecté",
  "account.signedOut.detail":
    "Votre session sur cette page a pris fin. Ouvrez à nouveau votre compte pour vous connecter.",
  "account.signInFailed.title": "La connexion n’a pas abouti",
  "account.signInFailed.detail":
    "La connexion à votre compte a été annulée ou n’a pas pu être vérifiée. Veuillez réessayer.",
  "account.signInExpired.detail":
    "La connexion a pris trop de temps ou a été commencée dans un autre navigateur. Veuillez réessayer.",
  "account.noSuchApp.title": "Application introuvable",
  "account.noSuchApp.detail": "Cette application n’a pas accès à votre compte.",

  "error.back": "Revenez à l’application et recommencez.",
  "error.retry": "Réessayer",
  "error.home": "Accueil",
  "error.oauth.title": "La connexion n’a pas pu aboutir",
  "error.oauth.detail": "L’application ou le service de connexion a signalé un problème.",
  "error.oauth.error": "Erreur",
  "error.oauth.description": "Détails",
  "error.oauth.hint": "Conseil",
  "error.badRequest.title": "Ce lien n’est pas valide",
  "error.badRequest.detail": "Il manque des informations dans la requête, ou certaines ne sont pas valides.",
  "error.challenge.missing": "Le lien ne contient aucune demande de connexion. Recommencez depuis l’application.",
  "error.challenge.invalid":
    "La demande de connexion contenue dans le lien n’est pas valide. Recommencez depuis l’application.",
  "error.challenge.unknown": "Cette demande de connexion n’existe pas. Recommencez depuis l’application.",
  "error.challenge.expired.title": "La connexion a pris trop de temps",
  "error.challenge.expired":
    "Pour votre sécurité, les demandes de connexion expirent au bout d’un moment. Revenez à l’application et connectez-vous à nouveau.",
  "error.form.invalid": "Le formulaire n’a pas été rempli comme prévu. Veuillez réessayer.",
  "error.csrf.title": "Ce formulaire a expiré",
  "error.csrf.detail":
    "Pour votre sécurité, un formulaire ne fonctionne que sur la page que nous vous avons affichée, dans le même navigateur, avec les cookies autorisés. Ouvrez à nouveau la page et envoyez-le depuis celle-ci.",
  "error.crossSite.title": "Ce formulaire a été envoyé depuis un autre site",
  "error.crossSite.detail":
    "Pour votre sécurité, nous n’acceptons ce formulaire que depuis nos propres pages. Revenez à l’application et recommencez.",
  "error.notFound.title": "Page introuvable",
  "error.notFound.detail": "Il n’y a rien à cette adresse.",
  "error.unavailable.title": "Le service de connexion n’est pas disponible",
  "error.unavailable.detail":
    "Nous n’avons pas pu joindre le service de connexion. Veuillez réessayer dans un instant.",
  "error.accountGone.title": "Ce compte n’existe plus",
  "error.accountGone.detail":
    "Il a été supprimé pendant que vous l’utilisiez. Connectez-vous à nouveau, avec un autre compte si vous en avez un.",
  "error.passkeyTaken.title": "Cette clé d’accès est déjà enregistrée",
  "error.passkeyTaken.detail": "Elle est déjà enregistrée. Revenez à votre compte pour voir vos clés d’accès.",
  "error.internal.title": "Un problème est survenu",
  "error.internal.detail": "Une erreur inattendue s’est produite de notre côté. Veuillez réessayer.",
  "error.tooLarge.title": "La requête est trop volumineuse",
  "error.tooLarge.detail": "Le formulaire a envoyé plus de données que nous n’en acceptons.",
  "error.unsupported.title": "Cette requête n’est pas prise en charge",
  "error.unsupported.detail": "Le formulaire a été envoyé dans un format que nous n’acceptons pas.",
  "error.method.title": "Cette requête n’est pas prise en charge",
  "error.method.detail": "Cette page ne peut pas être utilisée de cette manière.",

  // Sign-in module (issues 19 and 20).
  "login.code.tooMany":
    "Trop de codes erronés. Pour votre sécurité, veuillez vous reconnecter avec votre mot de passe.",
  "login.signInAgain": "Veuillez vous reconnecter pour continuer.",
  "login.accountUnavailable.title": "Ce compte ne peut pas se connecter",
  "login.accountUnavailable.detail":
    "Ce compte a été désactivé ou n’existe plus. Si vous pensez qu’il s’agit d’une erreur, contactez l’assistance du service.",
  "login.accountUnavailable.back": "Retour à {client}",
  "login.needsFactor.askOperator":
    "{client} demande une connexion à deux facteurs, et votre compte n’en a encore aucun. Demandez à l’assistance du service d’en configurer un pour vous.",
  "error.locked.title": "Trop de tentatives",
  // Pages that could mislead, and consent for an account that cannot sign in (issue 19, h5-pages)
  "device.ownDeviceOnly":
    "Ne continuez que si vous avez lancé cette opération sur votre propre appareil et qu’il affiche ce code.",
  "device.confirmFromLink": "J’ai lancé cette opération sur mon propre appareil, et il affiche ce code.",
  "device.confirmMissing":
    "Ce code est venu avec le lien que vous avez ouvert. Vérifiez que votre propre appareil l’affiche, puis cochez la case pour confirmer.",
  "error.oauth.code.accessDenied": "L’accès a été refusé : l’application n’a pas obtenu l’accès à votre compte.",
  "error.oauth.code.interactionRequired":
    "L’application a voulu continuer sans vous montrer de connexion ni de question, mais il en faut une. Revenez à l’application et réessayez.",
  "error.oauth.code.client":
    "L’application n’est pas correctement configurée auprès de ce service de connexion. Veuillez prévenir les responsables de l’application.",
  "error.oauth.code.badRequest":
    "L’application a envoyé une demande que ce service de connexion ne peut pas traiter. Veuillez prévenir les responsables de l’application.",
  "error.oauth.code.scope":
    "L’application a demandé des autorisations qu’elle n’a pas le droit de demander. Veuillez prévenir les responsables de l’application.",
  "error.oauth.code.serverError":
    "Le service de connexion a rencontré un problème de son côté. Veuillez réessayer dans un instant.",
  "error.oauth.code.expired":
    "Cette demande de connexion a expiré ou a déjà été utilisée. Revenez à l’application et recommencez.",
  "error.oauth.code.forbidden":
    "Cette connexion n’a pas pu se poursuivre dans ce navigateur. Autorisez les cookies pour ce site, revenez à l’application et recommencez.",
  "error.oauth.serviceSaid": "Le service a indiqué :",
  "error.oauth.serviceSaidNote":
    "Ce sont les propres mots du service, transmis tels quels. Nous ne les avons pas écrits.",
  // Account area: signing in again before changes, and the recovery-codes page (issues 19 and 21).
  "account.reauth.refused.title": "Nous n’avons pas pu confirmer que c’est bien vous",
  "account.reauth.refused.detail":
    "Pour changer votre façon de vous connecter, une connexion récente est nécessaire, avec votre deuxième étape si vous en utilisez une. Ouvrez votre compte et réessayez.",
  "account.reauth.again": "Vous vous êtes reconnecté. Veuillez refaire la modification.",
  "account.confirm.title": "Confirmer la modification",
  "account.confirm.intro": "Vous vous êtes reconnecté. Voulez-vous continuer ?",
  "account.confirm.cancel": "Annuler",
  "account.recovery.saved": "J’ai enregistré ces codes",
  // Ways on, the home page and the authenticator key (issue 21, polish).
  "index.ofBrand": "Ceci est le service de connexion de {brand}.",
  "wayOn.backTo": "Revenir à {client}",
  "wayOn.account": "Aller à votre compte",
  "wayOn.home": "Aller à la page d’accueil",
  "account.totp.issuer": "Votre application d’authentification affichera ce compte sous le nom « {issuer} ».",
  "account.totp.copy": "Copier la clé",
  "account.totp.copied": "La clé est copiée.",
  // Email: forgot password and security notices (issue 22).
  "login.forgotPassword": "Mot de passe oublié ?",
  "recovery.title": "Réinitialiser votre mot de passe",
  "recovery.intro":
    "Saisissez l’adresse e-mail de votre compte. Nous vous enverrons un lien pour choisir un nouveau mot de passe ; il est valable {minutes} minutes.",
  "recovery.send": "Envoyer le lien",
  "recovery.missingEmail": "Veuillez saisir votre adresse e-mail.",
  "recovery.backToLogin": "Retour à la connexion",
  "recovery.sent.title": "Consultez vos e-mails",
  "recovery.sent.detail":
    "Si un compte existe pour {email}, nous y avons envoyé un lien. Il fonctionne une seule fois, pendant {minutes} minutes. Vérifiez aussi vos courriers indésirables.",
  "recovery.set.title": "Choisissez un nouveau mot de passe",
  "recovery.set.intro": "Choisissez un nouveau mot de passe pour {email}.",
  "recovery.set.submit": "Enregistrer le mot de passe",
  "recovery.invalid.title": "Ce lien ne fonctionne plus",
  "recovery.invalid.detail":
    "Le lien a expiré, a déjà été utilisé, ou le mot de passe a été modifié depuis son envoi. Demandez un nouveau lien sur la page de connexion.",
  "recovery.done.title": "Mot de passe modifié",
  "recovery.done.detail":
    "Votre mot de passe est modifié. Retournez dans l’application et connectez-vous avec votre nouveau mot de passe.",
  "email.hello": "Bonjour,",
  "email.footer": "Ceci est un message automatique ; les réponses ne sont pas lues.",
  "email.recovery.subject": "Réinitialiser votre mot de passe",
  "email.recovery.body":
    "Quelqu’un, vous sans doute, a demandé à réinitialiser le mot de passe du compte {email}. Ouvrez ce lien pour en choisir un nouveau. Il fonctionne une seule fois, pendant {minutes} minutes :",
  "email.recovery.button": "Choisir un nouveau mot de passe",
  "email.recovery.ignore": "Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.",
  "email.notice.subject": "Avis de sécurité concernant votre compte",
  "email.notice.passwordChanged": "Le mot de passe de votre compte {email} a été modifié.",
  "email.notice.passwordReset":
    "Le mot de passe de votre compte {email} a été réinitialisé à l’aide d’un lien envoyé par e-mail.",
  "email.notice.secondFactorAdded":
    "Une seconde étape (application d’authentification) a été ajoutée à votre compte {email}.",
  "email.notice.secondFactorRemoved":
    "La seconde étape (application d’authentification) a été retirée de votre compte {email}.",
  "email.notice.passkeyAdded": "Une clé d’accès a été ajoutée à votre compte {email}.",
  "email.notice.passkeyRemoved": "Une clé d’accès a été retirée de votre compte {email}.",
  "email.notice.when": "Quand : {time} (UTC)",
  "email.notice.ip": "Depuis l’adresse IP : {ip}",
  "email.notice.notYou": "Si ce n’était pas vous, changez votre mot de passe maintenant et vérifiez votre compte :",
  "email.notice.locked":
    "La connexion à votre compte {email} a été bloquée pour un moment après plusieurs tentatives échouées.",
  // Sign-up (issue 22, REGISTRATION=open).
  "login.register": "Pas encore de compte ? Créez-en un",
  "register.title": "Créer un compte",
  "register.intro": "Créez un compte pour continuer vers {client}.",
  "register.name": "Nom (facultatif)",
  "register.repeat": "Confirmez le mot de passe",
  "register.submit": "Créer le compte",
  "register.emailInvalid": "Veuillez saisir une adresse e-mail valide.",
  "register.domainNotAllowed": "L’inscription est limitée ici aux adresses de ces domaines : {domains}.",
  "register.nameTooLong": "Le nom peut contenir au plus 200 caractères.",
  "register.taken": "Cette adresse a déjà un compte : connectez-vous, ou réinitialisez votre mot de passe.",
  "register.signIn": "Se connecter",
  "register.resetPassword": "Réinitialiser votre mot de passe",
  "register.limited": "Trop d’inscriptions depuis votre réseau. Réessayez dans {minutes} minutes.",
  "register.done.title": "Votre compte est prêt",
  "register.done.verify": "Nous avons envoyé un lien à {email}. Ouvrez-le pour confirmer votre adresse.",
  "register.done.signIn": "Vous pouvez maintenant vous connecter avec {email} et votre mot de passe.",
  // Sign in by email (EMAIL_SIGN_IN)
  "login.emailSignIn": "M’envoyer un code de connexion par e-mail",
  "login.emailCode.title": "Saisissez le code reçu par e-mail",
  "login.emailCode.sent":
    "Si un compte existe pour {email}, nous lui avons envoyé un code à 6 chiffres et un lien. Ils fonctionnent une seule fois, pendant {minutes} minutes, et seulement dans ce navigateur. Vérifiez aussi votre dossier de courrier indésirable.",
  "login.emailCode.label": "Code reçu par e-mail",
  "login.emailCode.submit": "Se connecter",
  "login.emailCode.back": "Revenir au formulaire avec mot de passe",
  "login.emailCode.invalid":
    "Ce code est erroné ou n’est plus valable. Vérifiez l’e-mail le plus récent ou demandez un nouveau code.",
  "login.emailCode.missing": "Veuillez saisir le code à 6 chiffres reçu par e-mail.",
  "login.emailCode.missingEmail": "Veuillez saisir votre adresse e-mail pour recevoir un code de connexion.",
  "login.emailCode.tooMany": "Trop de codes erronés : ce code ne fonctionne plus. Veuillez vous connecter à nouveau.",
  "login.emailCode.elsewhere.title": "Saisissez plutôt le code",
  "login.emailCode.elsewhere.detail":
    "Ce lien de connexion ne fonctionne que dans le navigateur où vous l’avez demandé. Sur cet appareil, saisissez plutôt le code à 6 chiffres reçu par e-mail.",
  "login.emailCode.gone.title": "Ce lien de connexion ne fonctionne plus",
  "login.emailCode.gone.detail":
    "Le lien a expiré, a déjà été utilisé, ou un code plus récent a été envoyé. Demandez un nouveau code sur la page de connexion.",
  "email.signInCode.subject": "Votre code de connexion",
  "email.signInCode.body":
    "Quelqu’un, vous espérons-le, a demandé à se connecter au compte {email}. Saisissez ce code sur la page de connexion. Il fonctionne une seule fois, pendant {minutes} minutes :",
  "email.signInCode.link": "Ou ouvrez ce lien dans le même navigateur :",
  "email.signInCode.button": "Se connecter",
  "email.signInCode.ignore":
    "Si vous n’avez rien demandé, ignorez cet e-mail : personne ne peut se connecter sans ce code.",
  // Verified addresses, address changes and invitations (issue 22).
  "email.verify.subject": "Confirmez votre adresse e-mail",
  "email.verify.body":
    "Ouvrez ce lien pour confirmer que {email} est l’adresse de votre compte. Il fonctionne une fois, pendant 24 heures :",
  "email.verify.changeBody":
    "Quelqu’un, vous espérons-le, a demandé que {email} devienne l’adresse de son compte. Ouvrez ce lien pour le confirmer ; le changement ne prend effet qu’à ce moment. Il fonctionne une fois, pendant 24 heures :",
  "email.verify.button": "Confirmer l’adresse",
  "email.verify.ignore": "Si vous n’avez rien demandé, ignorez cet e-mail : rien ne change.",
  "email.invite.subject": "Vous êtes invité",
  "email.invite.body":
    "Un compte a été créé pour vous ({email}). Ouvrez ce lien pour choisir votre mot de passe. Il fonctionne une fois, pendant {days} jours :",
  "email.invite.button": "Choisir votre mot de passe",
  "email.invite.ignore":
    "Si vous ne vous y attendiez pas, ignorez cet e-mail : personne ne peut se connecter à ce compte tant qu’aucun mot de passe n’est choisi.",
  "email.notice.emailChangeRequested":
    "Quelqu’un a demandé à remplacer l’adresse de votre compte {email} par {newEmail}. Le changement ne prend effet que lorsque le lien envoyé à la nouvelle adresse est ouvert.",
  "verify.done.title": "Adresse e-mail confirmée",
  "verify.done.detail": "{email} est désormais l’adresse confirmée de votre compte.",
  "verify.invalid.title": "Ce lien ne fonctionne plus",
  "verify.invalid.detail":
    "Le lien a expiré, a déjà été utilisé, ou l’adresse du compte a changé depuis son envoi. Demandez un nouveau lien sur la page de votre compte.",
  "verify.taken.title": "Cette adresse est déjà prise",
  "verify.taken.detail":
    "Un autre compte utilise désormais cette adresse ; votre adresse n’a donc pas été changée. Choisissez-en une autre sur la page de votre compte.",
  "invitation.set.title": "Choisissez votre mot de passe",
  "invitation.set.intro": "Bienvenue ! Choisissez un mot de passe pour votre compte {email}.",
  "invitation.set.submit": "Définir le mot de passe",
  "invitation.done.title": "Votre compte est prêt",
  "invitation.done.detail":
    "Votre mot de passe est défini et votre adresse {email} est confirmée. Vous pouvez vous connecter maintenant.",
  "invitation.invalid.detail":
    "L’invitation a expiré ou a déjà été utilisée. Demandez-en une nouvelle à la personne qui vous a invité.",
  "account.email.title": "Adresse e-mail",
  "account.email.verified": "Confirmée",
  "account.email.unverified": "Pas encore confirmée",
  "account.email.sendVerification": "Envoyer un lien de confirmation",
  "account.email.verificationSent":
    "Nous avons envoyé un lien de confirmation à {email}. Il fonctionne une fois, pendant 24 heures.",
  "account.email.tooMany": "Trop de liens ont été envoyés à cette adresse. Veuillez réessayer plus tard.",
  "account.email.pending":
    "En attente de confirmation : {email}. Le changement prend effet lorsque le lien que nous y avons envoyé est ouvert.",
  "account.email.new": "Nouvelle adresse e-mail",
  "account.email.change": "Changer d’adresse",
  "account.email.changeSent":
    "Nous avons envoyé un lien à {email}. Votre adresse change lorsqu’il est ouvert. Nous avons aussi prévenu votre adresse actuelle.",
  "account.email.invalid": "Veuillez saisir une adresse e-mail valide.",
  "account.email.same": "C’est déjà votre adresse.",
  "account.email.alreadyVerified": "Votre adresse est déjà confirmée.",
  // Sign in with another identity provider (issue 23, h15-federation).
  "upstream.or": "Ou se connecter avec",
  "upstream.button": "Se connecter avec {name}",
  "upstream.link.title": "Associer votre connexion {provider}",
  "upstream.link.intro":
    "Votre identité {provider} n’est encore associée à aucun compte ici. Pour l’associer, saisissez une fois l’adresse e-mail et le mot de passe de votre compte ici.",
  "upstream.link.emailTaken":
    "Un compte avec l’adresse {email} existe déjà ici. Pour y associer votre identité {provider}, saisissez le mot de passe de ce compte.",
  "upstream.link.submit": "Associer et continuer",
  "upstream.link.back": "Retour à la connexion",
  "upstream.failed.title": "La connexion avec un autre fournisseur n’a pas abouti",
  "upstream.failed.detail":
    "La réponse du fournisseur d’identité n’a pas pu être acceptée : la connexion a peut-être expiré, déjà servi ou été commencée dans un autre navigateur. Recommencez la connexion.",
  "upstream.cancelled.detail":
    "La connexion chez le fournisseur d’identité a été annulée ou refusée. Revenez en arrière et connectez-vous autrement.",
  "upstream.unavailable.detail":
    "Le fournisseur d’identité est injoignable pour le moment. Réessayez dans un instant ou connectez-vous autrement.",
  "upstream.noAccount.detail":
    "Il n’y a pas de compte ici pour cette identité, et ce fournisseur n’en crée pas. Connectez-vous autrement.",
  "upstream.notAllowed.detail": "Les adresses de ce domaine ne peuvent pas se connecter avec ce fournisseur.",
  "upstream.noEmail.detail":
    "Le fournisseur d’identité n’a pas donné d’adresse e-mail, nécessaire à un nouveau compte.",
  "upstream.taken.detail": "Cette identité est déjà associée à un autre compte.",
  "account.providers.title": "Autres fournisseurs de connexion",
  "account.providers.linked": "Associé",
  "account.providers.link": "Associer",
  "account.providers.remove": "Retirer",
  "account.providers.lastMethod":
    "C’est le dernier moyen de vous connecter à votre compte : il ne peut pas être retiré.",
  "account.providers.added": "Le fournisseur est associé : vous pouvez vous connecter avec lui.",
  "account.providers.removed": "Le fournisseur est retiré : vous ne pouvez plus vous connecter avec lui.",
  "email.notice.providerLinked":
    "Un autre fournisseur a été associé à votre compte {email} : il permet désormais de s’y connecter.",
  "email.notice.providerRemoved": "Un fournisseur de connexion a été retiré de votre compte {email}.",
  // h21 email links: the confirm page behind /verify/<token>.
  "verify.confirm.title": "Confirmez votre adresse e-mail",
  "verify.confirm.verifyIntro": "Confirmez {email} comme adresse de votre compte.",
  "verify.confirm.changeIntro":
    "Confirmez {email} comme nouvelle adresse de votre compte : vous vous connecterez ensuite avec elle, et vos autres sessions prendront fin.",
  "verify.confirm.submit": "Confirmer l’adresse",
  "verify.confirm.signInFirst":
    "Pour confirmer, connectez-vous d’abord à la page de votre compte dans ce navigateur, avec le compte pour lequel ce lien a été envoyé. Ouvrez ensuite à nouveau le lien.",
  "verify.confirm.toAccount": "Aller à la page de votre compte",
  // Round trips to identity providers, limited per network (h22-fix-federation)
  "upstream.limited":
    "Trop de connexions via un autre fournisseur depuis votre réseau. Réessayez dans {minutes} minutes.",
  // A new way in waits for a confirmed address while sign-up is open.
  "account.addressFirst":
    "Confirmez d’abord votre adresse : envoyez-vous un lien de confirmation ci-dessus et ouvrez-le. D’ici là, aucun nouveau moyen de connexion ne peut être ajouté.",
};
