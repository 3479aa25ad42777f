import type { Catalog } from "./keys.js";

/** Spanish (formal "usted"). */
export const es: Catalog = {
  "app.name": "Iniciar sesión",
  "app.skipToContent": "Saltar al contenido",
  "app.language": "Idioma",
  "app.privacy": "Privacidad",
  "app.imprint": "Aviso legal",
  "app.help": "Ayuda",
  "index.title": "Servicio de inicio de sesión",
  "index.body":
    "Las aplicaciones le envían aquí cuando inicia sesión en ellas. Si ha llegado aquí por error, vuelva a la aplicación que quería usar e inicie sesión desde allí.",

  "login.title": "Inicie sesión",
  "login.intro": "{client} le pide que inicie sesión.",
  "login.email": "Correo electrónico",
  "login.password": "Contraseña",
  "login.remember": "Mantener la sesión iniciada en este dispositivo",
  "login.accept": "Iniciar sesión",
  "login.reject": "Rechazar",
  "login.invalidCredentials": "El correo electrónico o la contraseña no son correctos. Inténtelo de nuevo.",
  "login.missingFields": "Introduzca su correo electrónico y su contraseña.",
  "login.locked":
    "Demasiados intentos fallidos de inicio de sesión. Por su seguridad, espere {minutes} min antes de volver a intentarlo.",
  "login.demoHint": "Cuenta de demostración: foo@bar.com con la contraseña foobar.",
  "login.or": "o",
  "login.passkey": "Iniciar sesión con una llave de acceso",
  "login.passkey.failed":
    "No se pudo verificar esa llave de acceso. Inténtelo de nuevo o inicie sesión con su contraseña.",
  "login.passkey.unsupported": "Este navegador no puede usar llaves de acceso.",
  "login.passkey.error": "La solicitud de la llave de acceso se canceló o falló. Inténtelo de nuevo.",
  "login.second.title": "Confirme que es usted",
  "login.second.intro": "{client} le pide que inicie sesión. Su cuenta requiere un segundo paso.",
  "login.second.code": "Código de su aplicación de autenticación o un código de recuperación",
  "login.second.codeHint": "Seis dígitos de la aplicación o uno de sus códigos de recuperación (xxxxx-xxxxx).",
  "login.second.accept": "Continuar",
  "login.second.passkey": "Usar una llave de acceso en su lugar",
  "login.code.invalid": "Ese código no es válido o ya se ha usado. Inténtelo de nuevo.",
  "login.code.missing": "Introduzca el código de su aplicación de autenticación o un código de recuperación.",
  "login.step.expired.title": "Este paso del inicio de sesión ha caducado",
  "login.step.expired.detail":
    "Por su seguridad, el segundo paso debe seguir al primero en pocos minutos y en el mismo navegador. Vuelva a iniciar sesión.",
  "login.needsFactor.title": "Se necesita un segundo factor",
  "login.needsFactor.detail":
    "{client} exige un inicio de sesión con dos factores y su cuenta aún no tiene ninguno. Configure una aplicación de autenticación o una llave de acceso en la página de su cuenta y vuelva a iniciar sesión.",
  "login.needsFactor.account": "Abrir la página de su cuenta",

  "consent.title": "¡Una aplicación solicita acceso a sus datos!",
  "consent.intro": "{client} quiere acceder a su cuenta.",
  "consent.scopes": "Solicita permiso para:",
  "consent.noScopes": "No solicita ningún permiso.",
  "consent.audiences": "Quiere usar su acceso en:",
  "consent.remember": "Recordar esta decisión",
  "consent.rememberFor":
    "{client} no volverá a preguntarle durante {duration}. Puede retirar el acceso en la página de su cuenta.",
  "consent.rememberUntilRemoved":
    "No volverá a preguntarle hasta que usted retire el acceso en la página de su cuenta.",
  "consent.signedInAs": "Sesión iniciada como {user}.",
  "consent.notYou": "¿No es usted? Use otra cuenta",
  "consent.redirectTo": "Después, se le redirigirá a {host}.",
  "consent.trust": "Asegúrese de que confía en {client}: podrá usar todo lo que usted permita aquí.",
  "consent.accept": "Permitir el acceso",
  "consent.reject": "Rechazar",
  "consent.policy": "Política de privacidad",
  "consent.terms": "Condiciones de servicio",
  "consent.logoAlt": "Logotipo de {client}",
  "consent.scopeFallback": "Usar el permiso «{scope}»",
  "scope.openid": "Confirmar su identidad",
  "scope.offline_access": "Seguir conectada aunque usted no la esté usando",
  "scope.offline": "Seguir conectada aunque usted no la esté usando",
  "scope.email": "Ver su dirección de correo electrónico",
  "scope.profile": "Ver su nombre, su foto y su idioma",
  "scope.phone": "Ver su número de teléfono",
  "scope.address": "Ver su dirección postal",

  "logout.title": "¿Desea cerrar la sesión?",
  "logout.intro": "Se cerrará su sesión en {client}.",
  "logout.introNoClient": "Se cerrará su sesión en este servicio.",
  "logout.accept": "Cerrar sesión",
  "logout.reject": "Mantener la sesión",
  "logout.stayed.title": "Su sesión sigue iniciada",
  "logout.stayed.body": "No ha cambiado nada. Puede cerrar esta pestaña o volver a la aplicación.",
  "logout.done.title": "Ha cerrado la sesión",
  "logout.done.body": "Su sesión se ha cerrado. Puede cerrar esta pestaña.",

  "device.title": "Conectar un dispositivo",
  "device.intro": "Introduzca el código que muestra su dispositivo.",
  "device.code": "Código",
  "device.verify": "Continuar",
  "device.invalidCode":
    "Ese código no es válido o ha caducado. Compruebe el código en su dispositivo e inténtelo de nuevo.",
  "device.missingCode": "Introduzca el código que muestra su dispositivo.",
  "device.success.title": "Su dispositivo está conectado",
  "device.success.body": "Puede cerrar esta pestaña y volver a su dispositivo.",

  "account.title": "Su cuenta",
  "account.signedInAs": "Sesión iniciada como {email}",
  "account.apps.title": "Aplicaciones conectadas",
  "account.apps.intro": "Estas aplicaciones pueden usar su cuenta. Retire el acceso a las que ya no utilice.",
  "account.apps.empty": "Ninguna aplicación tiene acceso a su cuenta.",
  "account.apps.logoAlt": "Logotipo de {client}",
  "account.apps.scopes": "Lo que puede hacer:",
  "account.apps.noScopes": "Nada más que saber que usted ha iniciado sesión.",
  "account.apps.audiences": "Dónde usa su acceso:",
  "account.apps.grantedAt": "Permitido el {date} (UTC)",
  "account.apps.rememberedUntil": "Recordado hasta el {date} (UTC)",
  "account.apps.rememberedForever": "Recordado hasta que usted lo retire",
  "account.apps.askedEachTime": "Se pregunta cada vez que inicia sesión",
  "account.apps.remove": "Retirar el acceso",
  "account.apps.removeLabel": "Retirar el acceso de {client}",
  "account.apps.removed":
    "Acceso retirado. Los tokens de la aplicación ya no funcionan y la próxima vez volverá a pedir permiso.",
  "account.password.title": "Cambiar la contraseña",
  "account.password.current": "Contraseña actual",
  "account.password.new": "Nueva contraseña",
  "account.password.newHint": "Al menos 12 caracteres. Evite contraseñas comunes y su dirección de correo electrónico.",
  "account.password.repeat": "Repita la nueva contraseña",
  "account.password.submit": "Cambiar la contraseña",
  "account.password.changed": "Su contraseña se ha cambiado.",
  "account.password.wrongCurrent": "La contraseña actual no es correcta.",
  "account.password.tooShort": "La nueva contraseña debe tener al menos 12 caracteres.",
  "account.password.tooLong": "La nueva contraseña puede tener como máximo 1024 caracteres.",
  "account.password.mismatch": "Las dos contraseñas nuevas no coinciden.",
  "account.password.common": "Esta contraseña es una de las más comunes. Elija otra, por favor.",
  "account.password.isEmail": "La nueva contraseña no puede ser su dirección de correo electrónico.",
  "account.security.title": "Inicio de sesión en dos pasos",
  "account.security.intro": "Un segundo paso mantiene su cuenta segura aunque alguien conozca su contraseña.",
  "account.totp.title": "Aplicación de autenticación",
  "account.totp.on": "Activada desde el {date} (UTC). Después de su contraseña se le pide un código de su aplicación.",
  "account.totp.off": "No configurada.",
  "account.totp.enroll": "Configurar una aplicación de autenticación",
  "account.totp.scan":
    "Escanee este código con su aplicación de autenticación o escriba la clave que aparece abajo y, después, introduzca el código que muestra.",
  "account.totp.qrLabel": "Código QR para añadir esta cuenta a una aplicación de autenticación",
  "account.totp.key": "Clave",
  "account.totp.code": "Código de la aplicación",
  "account.totp.confirm": "Activar",
  "account.totp.remove": "Desactivar la aplicación de autenticación",
  "account.totp.enrolled": "La aplicación de autenticación está activada.",
  "account.totp.removed":
    "La aplicación de autenticación está desactivada y sus códigos de recuperación ya no funcionan.",
  "account.totp.wrongCode":
    "Ese código no es correcto. Compruebe la hora de su teléfono e inténtelo con el código actual.",
  "account.totp.expired": "La configuración tardó demasiado. Empiece de nuevo.",
  "account.recovery.title": "Códigos de recuperación",
  "account.recovery.intro":
    "Guarde estos códigos en un lugar seguro. Cada uno funciona una sola vez, en lugar de un código de su aplicación. Solo se muestran ahora.",
  "account.recovery.left": "Códigos de recuperación restantes: {count}",
  "account.recovery.renew": "Generar nuevos códigos de recuperación",
  "account.passkeys.title": "Llaves de acceso",
  "account.passkeys.intro":
    "Inicie sesión con su huella dactilar, su rostro o el bloqueo de pantalla en lugar de una contraseña.",
  "account.passkeys.empty": "Todavía no hay ninguna llave de acceso.",
  "account.passkeys.add": "Añadir una llave de acceso",
  "account.passkeys.created": "Añadida el {date} (UTC)",
  "account.passkeys.lastUsed": "Usada por última vez el {date} (UTC)",
  "account.passkeys.name": "Nombre",
  "account.passkeys.rename": "Cambiar el nombre",
  "account.passkeys.remove": "Eliminar",
  "account.passkeys.removeLabel": "Eliminar la llave de acceso {name}",
  "account.passkeys.added": "Se ha añadido la llave de acceso. Puede darle un nombre abajo.",
  "account.passkeys.renamed": "Se ha cambiado el nombre de la llave de acceso.",
  "account.passkeys.removed": "Se ha eliminado la llave de acceso.",
  "account.passkeys.failed": "No se pudo añadir la llave de acceso. Inténtelo de nuevo.",
  "account.passkeys.nameMissing": "Dé un nombre a la llave de acceso.",
  "account.passkeys.none.title": "Llave de acceso no encontrada",
  "account.passkeys.none.detail": "Esta llave de acceso no pertenece a su cuenta.",
  "account.signOut.title": "Cerrar sesión",
  "account.signOut.submit": "Cerrar sesión",
  "account.signOut.everywhere": "Cerrar sesión en todas partes",
  "account.signOut.everywhereHint": "Termina todas las sesiones recordadas, en todos los dispositivos.",
  "account.signedOut.title": "No ha iniciado sesión",
  "account.signedOut.detail": "Su sesión en esta página ha terminado. Vuelva a abrir su cuenta para iniciar sesión.",
  "account.signInFailed.title": "El inicio de sesión no se completó",
  "account.signInFailed.detail":
    "El inicio de sesión en su cuenta se canceló o no se pudo verificar. Inténtelo de nuevo.",
  "account.signInExpired.detail":
    "El inicio de sesión tardó demasiado o se inició en otro navegador. Inténtelo de nuevo.",
  "account.noSuchApp.title": "Aplicación no encontrada",
  "account.noSuchApp.detail": "Esta aplicación no tiene acceso a su cuenta.",

  "error.back": "Vuelva a la aplicación y empiece de nuevo.",
  "error.retry": "Reintentar",
  "error.home": "Inicio",
  "error.oauth.title": "No se pudo completar el inicio de sesión",
  "error.oauth.detail": "La aplicación o el servicio de inicio de sesión informó de un problema.",
  "error.oauth.error": "Código de error",
  "error.oauth.description": "Descripción",
  "error.oauth.hint": "Sugerencia",
  "error.badRequest.title": "Este enlace no es válido",
  "error.badRequest.detail": "A la solicitud le falta información o contiene información no válida.",
  "error.challenge.missing":
    "El enlace no contiene ninguna solicitud de inicio de sesión. Empiece de nuevo desde la aplicación.",
  "error.challenge.invalid":
    "La solicitud de inicio de sesión del enlace no es válida. Empiece de nuevo desde la aplicación.",
  "error.challenge.unknown": "Esta solicitud de inicio de sesión no existe. Empiece de nuevo desde la aplicación.",
  "error.challenge.expired.title": "El inicio de sesión tardó demasiado",
  "error.challenge.expired":
    "Por su seguridad, las solicitudes de inicio de sesión caducan al cabo de un tiempo. Vuelva a la aplicación e inicie sesión de nuevo.",
  "error.form.invalid": "El formulario no se rellenó como se esperaba. Inténtelo de nuevo.",
  "error.csrf.title": "Este formulario ha caducado",
  "error.csrf.detail":
    "Por su seguridad, un formulario solo funciona en la página que le mostramos, en el mismo navegador y con las cookies permitidas. Vuelva a abrir la página y envíelo desde allí.",
  "error.crossSite.title": "Este formulario se envió desde otro sitio",
  "error.crossSite.detail":
    "Por su seguridad, solo aceptamos este formulario desde nuestras propias páginas. Vuelva a la aplicación y empiece de nuevo.",
  "error.notFound.title": "Página no encontrada",
  "error.notFound.detail": "No hay nada en esta dirección.",
  "error.unavailable.title": "El servicio de inicio de sesión no está disponible",
  "error.unavailable.detail":
    "No pudimos conectar con el servicio de inicio de sesión. Inténtelo de nuevo en un momento.",
  "error.accountGone.title": "Esta cuenta ya no existe",
  "error.accountGone.detail": "Se eliminó mientras la usaba. Vuelva a iniciar sesión, con otra cuenta si tiene una.",
  "error.passkeyTaken.title": "Esta llave de acceso ya está registrada",
  "error.passkeyTaken.detail": "Ya está guardada. Vuelva a su cuenta para ver sus llaves de acceso.",
  "error.internal.title": "Algo salió mal",
  "error.internal.detail": "Se produjo un error inesperado por nuestra parte. Inténtelo de nuevo.",
  "error.tooLarge.title": "La solicitud es demasiado grande",
  "error.tooLarge.detail": "El formulario envió más datos de los que aceptamos.",
  "error.unsupported.title": "Esta solicitud no es compatible",
  "error.unsupported.detail": "El formulario se envió en un formato que no aceptamos.",
  "error.method.title": "Esta solicitud no es compatible",
  "error.method.detail": "Esta página no se puede usar de esa manera.",

  // Sign-in module (issues 19 and 20).
  "login.code.tooMany": "Demasiados códigos incorrectos. Por su seguridad, vuelva a iniciar sesión con su contraseña.",
  "login.signInAgain": "Vuelva a iniciar sesión para continuar.",
  "login.accountUnavailable.title": "Esta cuenta no puede iniciar sesión",
  "login.accountUnavailable.detail":
    "Esta cuenta se ha desactivado o ya no existe. Si cree que es un error, póngase en contacto con el soporte del servicio.",
  "login.accountUnavailable.back": "Volver a {client}",
  "login.needsFactor.askOperator":
    "{client} pide iniciar sesión con dos factores y su cuenta aún no tiene ninguno. Pida al soporte del servicio que configure uno para usted.",
  "error.locked.title": "Demasiados intentos",
  // Pages that could mislead, and consent for an account that cannot sign in (issue 19, h5-pages)
  "device.ownDeviceOnly": "Continúe solo si inició esto en su propio dispositivo y este muestra este código.",
  "device.confirmFromLink": "Inicié esto en mi propio dispositivo y muestra este código.",
  "device.confirmMissing":
    "Este código venía en el enlace que abrió. Compruebe que su propio dispositivo lo muestra y marque la casilla para confirmarlo.",
  "error.oauth.code.accessDenied": "Se denegó el acceso, así que la aplicación no obtuvo acceso a su cuenta.",
  "error.oauth.code.interactionRequired":
    "La aplicación quiso continuar sin mostrarle un inicio de sesión ni una pregunta, pero hace falta. Vuelva a la aplicación e inténtelo de nuevo.",
  "error.oauth.code.client":
    "La aplicación no está bien configurada en este servicio de inicio de sesión. Avise a los responsables de la aplicación.",
  "error.oauth.code.badRequest":
    "La aplicación envió una solicitud que este servicio de inicio de sesión no puede atender. Avise a los responsables de la aplicación.",
  "error.oauth.code.scope":
    "La aplicación pidió permisos que no puede pedir. Avise a los responsables de la aplicación.",
  "error.oauth.code.serverError":
    "El servicio de inicio de sesión tuvo un problema por su parte. Inténtelo de nuevo en un momento.",
  "error.oauth.code.expired":
    "Esta solicitud de inicio de sesión caducó o ya se usó. Vuelva a la aplicación y empiece de nuevo.",
  "error.oauth.code.forbidden":
    "Este inicio de sesión no pudo continuar en este navegador. Permita las cookies para este sitio, vuelva a la aplicación y empiece de nuevo.",
  "error.oauth.serviceSaid": "El servicio indicó:",
  "error.oauth.serviceSaidNote":
    "Son las palabras del propio servicio, transmitidas tal como llegaron. No las escribimos nosotros.",
  // Account area: signing in again before changes, and the recovery-codes page (issues 19 and 21).
  "account.reauth.refused.title": "No pudimos confirmar que eres tú",
  "account.reauth.refused.detail":
    "Para cambiar cómo inicias sesión hace falta un inicio de sesión reciente, con tu segundo paso si lo usas. Abre tu cuenta e inténtalo de nuevo.",
  "account.reauth.again": "Has vuelto a iniciar sesión. Haz el cambio una vez más.",
  "account.confirm.title": "Confirmar el cambio",
  "account.confirm.intro": "Has vuelto a iniciar sesión. ¿Quieres continuar?",
  "account.confirm.cancel": "Cancelar",
  "account.recovery.saved": "He guardado estos códigos",
  // Ways on, the home page and the authenticator key (issue 21, polish).
  "index.ofBrand": "Este es el servicio de inicio de sesión de {brand}.",
  "wayOn.backTo": "Volver a {client}",
  "wayOn.account": "Ir a su cuenta",
  "wayOn.home": "Ir a la página de inicio",
  "account.totp.issuer": "Su aplicación de autenticación mostrará esta cuenta como «{issuer}».",
  "account.totp.copy": "Copiar la clave",
  "account.totp.copied": "La clave se ha copiado.",
  // Email: forgot password and security notices (issue 22).
  "login.forgotPassword": "¿Olvidaste tu contraseña?",
  "recovery.title": "Restablecer la contraseña",
  "recovery.intro":
    "Escribe la dirección de correo de tu cuenta. Te enviaremos un enlace para elegir una contraseña nueva; funciona durante {minutes} minutos.",
  "recovery.send": "Enviar enlace",
  "recovery.missingEmail": "Escribe tu dirección de correo.",
  "recovery.backToLogin": "Volver al inicio de sesión",
  "recovery.sent.title": "Revisa tu correo",
  "recovery.sent.detail":
    "Si existe una cuenta para {email}, le hemos enviado un enlace. Funciona una sola vez, durante {minutes} minutos. Revisa también la carpeta de spam.",
  "recovery.set.title": "Elige una contraseña nueva",
  "recovery.set.intro": "Elige una contraseña nueva para {email}.",
  "recovery.set.submit": "Guardar contraseña",
  "recovery.invalid.title": "Este enlace ya no funciona",
  "recovery.invalid.detail":
    "El enlace caducó, ya se usó o la contraseña se cambió después de enviarlo. Pide un enlace nuevo en la página de inicio de sesión.",
  "recovery.done.title": "Contraseña cambiada",
  "recovery.done.detail":
    "Tu contraseña se ha cambiado. Vuelve a la aplicación e inicia sesión con la contraseña nueva.",
  "email.hello": "Hola:",
  "email.footer": "Este es un mensaje automático; las respuestas no se leen.",
  "email.recovery.subject": "Restablecer la contraseña",
  "email.recovery.body":
    "Alguien, seguramente tú, pidió restablecer la contraseña de la cuenta {email}. Abre este enlace para elegir una nueva. Funciona una sola vez, durante {minutes} minutos:",
  "email.recovery.button": "Elegir una contraseña nueva",
  "email.recovery.ignore": "Si no lo pediste, ignora este correo: tu contraseña sigue igual.",
  "email.notice.subject": "Aviso de seguridad sobre tu cuenta",
  "email.notice.passwordChanged": "Se cambió la contraseña de tu cuenta {email}.",
  "email.notice.passwordReset": "Se restableció la contraseña de tu cuenta {email} con un enlace enviado por correo.",
  "email.notice.secondFactorAdded": "Se añadió un segundo paso (aplicación de autenticación) a tu cuenta {email}.",
  "email.notice.secondFactorRemoved": "Se quitó el segundo paso (aplicación de autenticación) de tu cuenta {email}.",
  "email.notice.passkeyAdded": "Se añadió una llave de acceso a tu cuenta {email}.",
  "email.notice.passkeyRemoved": "Se quitó una llave de acceso de tu cuenta {email}.",
  "email.notice.when": "Cuándo: {time} (UTC)",
  "email.notice.ip": "Desde la dirección IP: {ip}",
  "email.notice.notYou": "Si no fuiste tú, cambia tu contraseña ahora y revisa tu cuenta:",
  "email.notice.locked":
    "El inicio de sesión en tu cuenta {email} se bloqueó durante un tiempo tras varios intentos fallidos.",
  // Sign-up (issue 22, REGISTRATION=open).
  "login.register": "¿Aún no tienes cuenta? Crea una",
  "register.title": "Crear una cuenta",
  "register.intro": "Crea una cuenta para continuar en {client}.",
  "register.name": "Nombre (opcional)",
  "register.repeat": "Repite la contraseña",
  "register.submit": "Crear cuenta",
  "register.emailInvalid": "Introduce una dirección de correo electrónico válida.",
  "register.domainNotAllowed": "Aquí el registro está limitado a direcciones de estos dominios: {domains}.",
  "register.nameTooLong": "El nombre puede tener como máximo 200 caracteres.",
  "register.taken": "Esta dirección ya tiene una cuenta: inicia sesión o restablece tu contraseña.",
  "register.signIn": "Iniciar sesión",
  "register.resetPassword": "Restablecer tu contraseña",
  "register.limited": "Demasiados registros desde tu red. Inténtalo de nuevo en {minutes} minutos.",
  "register.done.title": "Tu cuenta está lista",
  "register.done.verify": "Hemos enviado un enlace a {email}. Ábrelo para confirmar tu dirección.",
  "register.done.signIn": "Ya puedes iniciar sesión con {email} y tu contraseña.",
  // Sign in by email (EMAIL_SIGN_IN)
  "login.emailSignIn": "Enviarme un código de acceso por correo",
  "login.emailCode.title": "Introduce el código del correo",
  "login.emailCode.sent":
    "Si existe una cuenta para {email}, le hemos enviado un código de 6 cifras y un enlace. Funcionan una sola vez, durante {minutes} minutos, y solo en este navegador. Revisa también la carpeta de spam.",
  "login.emailCode.label": "Código del correo",
  "login.emailCode.submit": "Iniciar sesión",
  "login.emailCode.back": "Volver al formulario con contraseña",
  "login.emailCode.invalid":
    "Ese código es incorrecto o ya no es válido. Revisa el correo más reciente o pide un código nuevo.",
  "login.emailCode.missing": "Introduce el código de 6 cifras del correo.",
  "login.emailCode.missingEmail": "Introduce tu dirección de correo para recibir un código de acceso.",
  "login.emailCode.tooMany": "Demasiados códigos incorrectos: ese código ya no funciona. Vuelve a iniciar sesión.",
  "login.emailCode.elsewhere.title": "Introduce el código en su lugar",
  "login.emailCode.elsewhere.detail":
    "Este enlace de acceso solo funciona en el navegador donde lo pediste. En ese dispositivo, introduce en su lugar el código de 6 cifras del correo.",
  "login.emailCode.gone.title": "Este enlace de acceso ya no funciona",
  "login.emailCode.gone.detail":
    "El enlace ha caducado, ya se usó o se envió un código más reciente. Pide un código nuevo en la página de inicio de sesión.",
  "email.signInCode.subject": "Tu código de acceso",
  "email.signInCode.body":
    "Alguien, esperamos que tú, ha pedido iniciar sesión en la cuenta {email}. Introduce este código en la página de inicio de sesión. Funciona una sola vez, durante {minutes} minutos:",
  "email.signInCode.link": "O abre este enlace en el mismo navegador:",
  "email.signInCode.button": "Iniciar sesión",
  "email.signInCode.ignore": "Si no lo has pedido, ignora este correo: nadie puede iniciar sesión sin este código.",
  // Verified addresses, address changes and invitations (issue 22).
  "email.verify.subject": "Confirma tu dirección de correo",
  "email.verify.body":
    "Abre este enlace para confirmar que {email} es la dirección de tu cuenta. Funciona una vez, durante 24 horas:",
  "email.verify.changeBody":
    "Alguien, esperamos que tú, pidió que {email} sea la dirección de su cuenta. Abre este enlace para confirmarlo; el cambio solo se aplica entonces. Funciona una vez, durante 24 horas:",
  "email.verify.button": "Confirmar la dirección",
  "email.verify.ignore": "Si no lo pediste, ignora este correo: no cambia nada.",
  "email.invite.subject": "Te han invitado",
  "email.invite.body":
    "Se creó una cuenta para ti ({email}). Abre este enlace para elegir tu contraseña. Funciona una vez, durante {days} días:",
  "email.invite.button": "Elegir tu contraseña",
  "email.invite.ignore":
    "Si no lo esperabas, ignora este correo: nadie puede iniciar sesión en la cuenta hasta que se elija una contraseña.",
  "email.notice.emailChangeRequested":
    "Alguien pidió cambiar la dirección de tu cuenta {email} a {newEmail}. El cambio solo se aplica cuando se abre el enlace enviado a la nueva dirección.",
  "verify.done.title": "Dirección de correo confirmada",
  "verify.done.detail": "{email} es ahora la dirección confirmada de tu cuenta.",
  "verify.invalid.title": "Este enlace ya no funciona",
  "verify.invalid.detail":
    "El enlace caducó, ya se usó o la dirección de la cuenta cambió desde que se envió. Pide un enlace nuevo en la página de tu cuenta.",
  "verify.taken.title": "Esta dirección ya está en uso",
  "verify.taken.detail":
    "Otra cuenta usa ahora esta dirección, así que tu dirección no se cambió. Elige otra en la página de tu cuenta.",
  "invitation.set.title": "Elige tu contraseña",
  "invitation.set.intro": "¡Bienvenido! Elige una contraseña para tu cuenta {email}.",
  "invitation.set.submit": "Establecer contraseña",
  "invitation.done.title": "Tu cuenta está lista",
  "invitation.done.detail":
    "Tu contraseña está establecida y tu dirección {email} confirmada. Ya puedes iniciar sesión.",
  "invitation.invalid.detail": "La invitación caducó o ya se usó. Pide una nueva a quien te invitó.",
  "account.email.title": "Dirección de correo",
  "account.email.verified": "Confirmada",
  "account.email.unverified": "Aún no confirmada",
  "account.email.sendVerification": "Enviar un enlace de confirmación",
  "account.email.verificationSent": "Enviamos un enlace de confirmación a {email}. Funciona una vez, durante 24 horas.",
  "account.email.tooMany": "Se enviaron demasiados enlaces a esta dirección. Inténtalo de nuevo más tarde.",
  "account.email.pending":
    "Pendiente de confirmación: {email}. El cambio se aplica cuando se abre el enlace que enviamos allí.",
  "account.email.new": "Nueva dirección de correo",
  "account.email.change": "Cambiar dirección",
  "account.email.changeSent":
    "Enviamos un enlace a {email}. Tu dirección cambia cuando se abra. También avisamos a tu dirección actual.",
  "account.email.invalid": "Introduce una dirección de correo válida.",
  "account.email.same": "Esta ya es tu dirección.",
  "account.email.alreadyVerified": "Tu dirección ya está confirmada.",
  // Sign in with another identity provider (issue 23, h15-federation).
  "upstream.or": "O inicia sesión con",
  "upstream.button": "Iniciar sesión con {name}",
  "upstream.link.title": "Vincula tu inicio de sesión de {provider}",
  "upstream.link.intro":
    "Tu identidad de {provider} aún no está vinculada a ninguna cuenta aquí. Para vincularla, introduce una vez el correo y la contraseña de tu cuenta aquí.",
  "upstream.link.emailTaken":
    "Ya existe aquí una cuenta con el correo {email}. Para vincular tu identidad de {provider} a ella, introduce la contraseña de esa cuenta.",
  "upstream.link.submit": "Vincular y continuar",
  "upstream.link.back": "Volver al inicio de sesión",
  "upstream.failed.title": "El inicio de sesión con otro proveedor no funcionó",
  "upstream.failed.detail":
    "No se pudo aceptar la respuesta del proveedor de identidad: puede que el inicio de sesión haya caducado, ya se haya usado o se haya empezado en otro navegador. Vuelve a empezar.",
  "upstream.cancelled.detail":
    "El inicio de sesión en el proveedor de identidad se canceló o se rechazó. Vuelve atrás e inicia sesión de otra forma.",
  "upstream.unavailable.detail":
    "No se puede contactar con el proveedor de identidad en este momento. Inténtalo de nuevo en un momento o inicia sesión de otra forma.",
  "upstream.noAccount.detail":
    "No hay ninguna cuenta aquí para esta identidad y este proveedor no crea cuentas nuevas. Inicia sesión de otra forma.",
  "upstream.notAllowed.detail":
    "Las direcciones de este dominio de correo no pueden iniciar sesión con este proveedor.",
  "upstream.noEmail.detail":
    "El proveedor de identidad no indicó una dirección de correo, que una cuenta nueva necesita.",
  "upstream.taken.detail": "Esta identidad ya está vinculada a otra cuenta.",
  "account.providers.title": "Otros proveedores de inicio de sesión",
  "account.providers.linked": "Vinculado",
  "account.providers.link": "Vincular",
  "account.providers.remove": "Quitar",
  "account.providers.lastMethod": "Es la última forma de iniciar sesión en tu cuenta: no se puede quitar.",
  "account.providers.added": "El proveedor está vinculado: puedes iniciar sesión con él.",
  "account.providers.removed": "El proveedor se quitó: ya no puedes iniciar sesión con él.",
  "email.notice.providerLinked": "Se vinculó otro proveedor a tu cuenta {email}: ahora permite iniciar sesión en ella.",
  "email.notice.providerRemoved": "Se quitó un proveedor de inicio de sesión de tu cuenta {email}.",
  // h21 email links: the confirm page behind /verify/<token>.
  "verify.confirm.title": "Confirma tu dirección de correo",
  "verify.confirm.verifyIntro": "Confirma {email} como la dirección de tu cuenta.",
  "verify.confirm.changeIntro":
    "Confirma {email} como la nueva dirección de tu cuenta: a partir de entonces iniciarás sesión con ella y tus demás sesiones terminarán.",
  "verify.confirm.submit": "Confirmar la dirección",
  "verify.confirm.signInFirst":
    "Para confirmar, primero inicia sesión en la página de tu cuenta en este navegador, con la cuenta para la que se envió este enlace. Después vuelve a abrir el enlace.",
  "verify.confirm.toAccount": "Ir a la página de tu cuenta",
  // Round trips to identity providers, limited per network (h22-fix-federation)
  "upstream.limited":
    "Demasiados inicios de sesión con otro proveedor desde tu red. Inténtalo de nuevo dentro de {minutes} minutos.",
  // A new way in waits for a confirmed address while sign-up is open.
  "account.addressFirst":
    "Confirma primero tu dirección: envíate arriba un enlace de confirmación y ábrelo. Hasta entonces no se puede añadir ninguna forma nueva de iniciar sesión.",
};
