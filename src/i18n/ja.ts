import type { Catalog } from "./keys.js";

/** Japanese (です/ます). */
export const ja: Catalog = {
  "app.name": "ログイン",
  "app.skipToContent": "本文へ移動",
  "app.language": "言語",
  "app.privacy": "プライバシー",
  "app.imprint": "運営者情報",
  "app.help": "ヘルプ",
  "index.title": "ログインサービス",
  "index.body":
    "アプリケーションにログインするとき、このページに移動します。間違ってこのページに来た場合は、使いたいアプリケーションに戻り、そこからログインしてください。",

  "login.title": "ログインしてください",
  "login.intro": "{client} がログインを求めています。",
  "login.email": "メールアドレス",
  "login.password": "パスワード",
  "login.remember": "このデバイスでログインしたままにする",
  "login.accept": "ログイン",
  "login.reject": "拒否",
  "login.invalidCredentials": "メールアドレスまたはパスワードが正しくありません。もう一度お試しください。",
  "login.missingFields": "メールアドレスとパスワードを入力してください。",
  "login.locked": "ログインの失敗が多すぎます。安全のため、{minutes} 分待ってからもう一度お試しください。",
  "login.demoHint": "デモ用アカウント：foo@bar.com（パスワード：foobar）",
  "login.or": "または",
  "login.passkey": "パスキーでログイン",
  "login.passkey.failed":
    "このパスキーを確認できませんでした。もう一度お試しいただくか、パスワードでログインしてください。",
  "login.passkey.unsupported": "このブラウザではパスキーを使用できません。",
  "login.passkey.error": "パスキーの確認がキャンセルされたか、失敗しました。もう一度お試しください。",
  "login.second.title": "ご本人確認",
  "login.second.intro": "{client} がログインを求めています。このアカウントでは 2 段階目の確認が必要です。",
  "login.second.code": "認証アプリのコード、またはリカバリーコード",
  "login.second.codeHint":
    "アプリに表示される 6 桁の数字か、リカバリーコード（xxxxx-xxxxx）のいずれかを入力してください。",
  "login.second.accept": "次へ",
  "login.second.passkey": "代わりにパスキーを使用",
  "login.code.invalid": "このコードは無効か、すでに使用されています。もう一度お試しください。",
  "login.code.missing": "認証アプリのコードまたはリカバリーコードを入力してください。",
  "login.step.expired.title": "このログイン手順の有効期限が切れました",
  "login.step.expired.detail":
    "安全のため、2 段階目の確認は 1 段階目から数分以内に、同じブラウザで行う必要があります。もう一度ログインしてください。",
  "login.needsFactor.title": "2 つ目の認証要素が必要です",
  "login.needsFactor.detail":
    "{client} は 2 要素でのログインを求めていますが、あなたのアカウントにはまだ 2 つ目の要素が設定されていません。アカウントページで認証アプリまたはパスキーを設定してから、もう一度ログインしてください。",
  "login.needsFactor.account": "アカウントページを開く",

  "consent.title": "アプリケーションがあなたのデータへのアクセスを求めています！",
  "consent.intro": "{client} があなたのアカウントへのアクセスを求めています。",
  "consent.scopes": "次の許可を求めています：",
  "consent.noScopes": "許可は何も求めていません。",
  "consent.audiences": "次の場所であなたのアクセス権を使用します：",
  "consent.remember": "この選択を記憶する",
  "consent.rememberFor": "{client} は {duration}の間、再び確認しません。アクセス権はアカウントページで取り消せます。",
  "consent.rememberUntilRemoved": "アカウントページでアクセス権を取り消すまで、再び確認しません。",
  "consent.signedInAs": "{user} としてログイン中です。",
  "consent.notYou": "別のユーザーですか？別のアカウントを使う",
  "consent.redirectTo": "このあと {host} へ移動します。",
  "consent.trust":
    "{client} が信頼できることを確認してください。ここで許可した内容を、このアプリケーションが使えるようになります。",
  "consent.accept": "アクセスを許可",
  "consent.reject": "拒否",
  "consent.policy": "プライバシーポリシー",
  "consent.terms": "利用規約",
  "consent.logoAlt": "{client} のロゴ",
  "consent.scopeFallback": "「{scope}」の権限の使用",
  "scope.openid": "本人確認",
  "scope.offline_access": "使用していないときもアクセスを維持",
  "scope.offline": "使用していないときもアクセスを維持",
  "scope.email": "メールアドレスの参照",
  "scope.profile": "名前、写真、言語の参照",
  "scope.phone": "電話番号の参照",
  "scope.address": "住所の参照",

  "logout.title": "ログアウトしますか？",
  "logout.intro": "{client} からログアウトします。",
  "logout.introNoClient": "このサービスからログアウトします。",
  "logout.accept": "ログアウト",
  "logout.reject": "ログインしたままにする",
  "logout.stayed.title": "ログインしたままです",
  "logout.stayed.body": "何も変更されていません。このタブを閉じるか、アプリケーションに戻ってください。",
  "logout.done.title": "ログアウトしました",
  "logout.done.body": "ログアウトしました。このタブは閉じてかまいません。",

  "device.title": "デバイスを接続",
  "device.intro": "デバイスに表示されているコードを入力してください。",
  "device.code": "コード",
  "device.verify": "次へ",
  "device.invalidCode":
    "このコードは無効か、有効期限が切れています。デバイスのコードを確認して、もう一度お試しください。",
  "device.missingCode": "デバイスに表示されているコードを入力してください。",
  "device.success.title": "デバイスが接続されました",
  "device.success.body": "このタブを閉じて、デバイスに戻ってください。",

  "account.title": "アカウント",
  "account.signedInAs": "{email} としてログイン中",
  "account.apps.title": "連携中のアプリ",
  "account.apps.intro":
    "これらのアプリケーションはあなたのアカウントを使用できます。使わなくなったアプリのアクセス権は削除してください。",
  "account.apps.empty": "あなたのアカウントにアクセスできるアプリケーションはありません。",
  "account.apps.logoAlt": "{client} のロゴ",
  "account.apps.scopes": "できること：",
  "account.apps.noScopes": "あなたがログインしたことを知る以外には何もできません。",
  "account.apps.audiences": "アクセス権を使用する場所：",
  "account.apps.grantedAt": "{date}（UTC）に許可",
  "account.apps.rememberedUntil": "{date}（UTC）まで記憶",
  "account.apps.rememberedForever": "削除するまで記憶",
  "account.apps.askedEachTime": "ログインのたびに確認",
  "account.apps.remove": "アクセス権を削除",
  "account.apps.removeLabel": "{client} のアクセス権を削除",
  "account.apps.removed":
    "アクセス権を削除しました。このアプリのトークンは使えなくなり、次回は改めて許可を求められます。",
  "account.password.title": "パスワードの変更",
  "account.password.current": "現在のパスワード",
  "account.password.new": "新しいパスワード",
  "account.password.newHint": "12 文字以上。よく使われるパスワードやメールアドレスは避けてください。",
  "account.password.repeat": "新しいパスワード（確認）",
  "account.password.submit": "パスワードを変更",
  "account.password.changed": "パスワードを変更しました。",
  "account.password.wrongCurrent": "現在のパスワードが正しくありません。",
  "account.password.tooShort": "新しいパスワードは 12 文字以上にしてください。",
  "account.password.tooLong": "新しいパスワードは 1,024 文字以内にしてください。",
  "account.password.mismatch": "2 つの新しいパスワードが一致しません。",
  "account.password.common": "このパスワードは非常によく使われています。別のパスワードを選んでください。",
  "account.password.isEmail": "新しいパスワードにメールアドレスは使えません。",
  "account.security.title": "2 段階認証",
  "account.security.intro": "2 段階目の確認を設定すると、パスワードが他人に知られても、アカウントを安全に保てます。",
  "account.totp.title": "認証アプリ",
  "account.totp.on": "{date}（UTC）から有効です。パスワードの後に、アプリのコードの入力を求められます。",
  "account.totp.off": "設定されていません。",
  "account.totp.enroll": "認証アプリを設定",
  "account.totp.scan":
    "このコードを認証アプリでスキャンするか、下のキーを入力してください。その後、アプリに表示されたコードを入力してください。",
  "account.totp.qrLabel": "このアカウントを認証アプリに追加するための QR コード",
  "account.totp.key": "キー",
  "account.totp.code": "アプリのコード",
  "account.totp.confirm": "有効にする",
  "account.totp.remove": "認証アプリを無効にする",
  "account.totp.enrolled": "認証アプリを有効にしました。",
  "account.totp.removed": "認証アプリを無効にしました。そのリカバリーコードも使えなくなりました。",
  "account.totp.wrongCode": "コードが正しくありません。スマートフォンの時刻を確認して、現在のコードをお試しください。",
  "account.totp.expired": "設定に時間がかかりすぎました。最初からやり直してください。",
  "account.recovery.title": "リカバリーコード",
  "account.recovery.intro":
    "これらのコードを安全な場所に保管してください。各コードは、アプリのコードの代わりに 1 回だけ使えます。表示されるのは今回だけです。",
  "account.recovery.left": "残りのリカバリーコード：{count}",
  "account.recovery.renew": "新しいリカバリーコードを作成",
  "account.passkeys.title": "パスキー",
  "account.passkeys.intro": "パスワードの代わりに、指紋、顔、または画面ロックでログインできます。",
  "account.passkeys.empty": "パスキーはまだありません。",
  "account.passkeys.add": "パスキーを追加",
  "account.passkeys.created": "{date}（UTC）に追加",
  "account.passkeys.lastUsed": "{date}（UTC）に最終使用",
  "account.passkeys.name": "名前",
  "account.passkeys.rename": "名前を変更",
  "account.passkeys.remove": "削除",
  "account.passkeys.removeLabel": "パスキー {name} を削除",
  "account.passkeys.added": "パスキーを追加しました。下で名前を付けられます。",
  "account.passkeys.renamed": "パスキーの名前を変更しました。",
  "account.passkeys.removed": "パスキーを削除しました。",
  "account.passkeys.failed": "パスキーを追加できませんでした。もう一度お試しください。",
  "account.passkeys.nameMissing": "パスキーに名前を付けてください。",
  "account.passkeys.none.title": "パスキーが見つかりません",
  "account.passkeys.none.detail": "このパスキーはあなたのアカウントのものではありません。",
  "account.signOut.title": "ログアウト",
  "account.signOut.submit": "ログアウト",
  "account.signOut.everywhere": "すべてのデバイスからログアウト",
  "account.signOut.everywhereHint": "すべてのデバイスで、記憶されているログインをすべて終了します。",
  "account.signedOut.title": "ログインしていません",
  "account.signedOut.detail":
    "このページのセッションは終了しました。ログインするには、もう一度アカウントを開いてください。",
  "account.signInFailed.title": "ログインが完了しませんでした",
  "account.signInFailed.detail":
    "アカウントへのログインがキャンセルされたか、確認できませんでした。もう一度お試しください。",
  "account.signInExpired.detail":
    "ログインに時間がかかりすぎたか、別のブラウザで開始されました。もう一度お試しください。",
  "account.noSuchApp.title": "アプリが見つかりません",
  "account.noSuchApp.detail": "このアプリケーションはあなたのアカウントにアクセスできません。",

  "error.back": "アプリケーションに戻って、最初からやり直してください。",
  "error.retry": "再試行",
  "error.home": "ホーム",
  "error.oauth.title": "ログインを完了できませんでした",
  "error.oauth.detail": "アプリケーションまたはログインサービスが問題を報告しました。",
  "error.oauth.error": "エラー",
  "error.oauth.description": "説明",
  "error.oauth.hint": "ヒント",
  "error.badRequest.title": "このリンクは無効です",
  "error.badRequest.detail": "リクエストに必要な情報が不足しているか、無効な情報が含まれています。",
  "error.challenge.missing":
    "リンクにログインリクエストが含まれていません。アプリケーションから最初からやり直してください。",
  "error.challenge.invalid": "リンク内のログインリクエストが無効です。アプリケーションから最初からやり直してください。",
  "error.challenge.unknown": "このログインリクエストは存在しません。アプリケーションから最初からやり直してください。",
  "error.challenge.expired.title": "ログインに時間がかかりすぎました",
  "error.challenge.expired":
    "安全のため、ログインリクエストは一定時間で期限切れになります。アプリケーションに戻って、もう一度ログインしてください。",
  "error.form.invalid": "フォームの入力内容が正しくありません。もう一度お試しください。",
  "error.csrf.title": "このフォームは期限切れです",
  "error.csrf.detail":
    "安全のため、フォームは表示されたページから、同じブラウザで、Cookie を許可した状態でのみ送信できます。ページをもう一度開いて、そこから送信してください。",
  "error.crossSite.title": "このフォームは別のサイトから送信されました",
  "error.crossSite.detail":
    "安全のため、このフォームは当サービスのページからのみ受け付けます。アプリケーションに戻って、最初からやり直してください。",
  "error.notFound.title": "ページが見つかりません",
  "error.notFound.detail": "このアドレスには何もありません。",
  "error.unavailable.title": "ログインサービスを利用できません",
  "error.unavailable.detail": "ログインサービスに接続できませんでした。しばらくしてからもう一度お試しください。",
  "error.accountGone.title": "このアカウントは存在しません",
  "error.accountGone.detail":
    "ご利用中にアカウントが削除されました。別のアカウントをお持ちの場合は、そのアカウントでもう一度ログインしてください。",
  "error.passkeyTaken.title": "このパスキーはすでに登録されています",
  "error.passkeyTaken.detail": "すでに保存されています。アカウントのページに戻って、パスキーを確認してください。",
  "error.internal.title": "問題が発生しました",
  "error.internal.detail": "サーバー側で予期しないエラーが発生しました。もう一度お試しください。",
  "error.tooLarge.title": "リクエストが大きすぎます",
  "error.tooLarge.detail": "フォームから送信されたデータが上限を超えています。",
  "error.unsupported.title": "このリクエストには対応していません",
  "error.unsupported.detail": "フォームが対応していない形式で送信されました。",
  "error.method.title": "このリクエストには対応していません",
  "error.method.detail": "このページはその方法では使用できません。",

  // Sign-in module (issues 19 and 20).
  "login.code.tooMany": "誤ったコードが多すぎます。安全のため、パスワードでもう一度サインインしてください。",
  "login.signInAgain": "続行するには、もう一度サインインしてください。",
  "login.accountUnavailable.title": "このアカウントではサインインできません",
  "login.accountUnavailable.detail":
    "このアカウントは無効にされたか、存在しません。誤りだと思われる場合は、サービスのサポートにお問い合わせください。",
  "login.accountUnavailable.back": "{client} に戻る",
  "login.needsFactor.askOperator":
    "{client} は 2 要素でのサインインを求めていますが、あなたのアカウントにはまだ要素がありません。サービスのサポートに設定を依頼してください。",
  "error.locked.title": "試行回数が多すぎます",
  // Pages that could mislead, and consent for an account that cannot sign in (issue 19, h5-pages)
  "device.ownDeviceOnly":
    "ご自身のデバイスでこの操作を始め、そのデバイスにこのコードが表示されている場合にのみ続行してください。",
  "device.confirmFromLink": "自分のデバイスでこの操作を始めており、そのデバイスにこのコードが表示されています。",
  "device.confirmMissing":
    "このコードは開いたリンクに含まれていたものです。ご自身のデバイスに表示されていることを確認してから、チェックボックスをオンにしてください。",
  "error.oauth.code.accessDenied": "アクセスが拒否されたため、アプリケーションはアカウントにアクセスできませんでした。",
  "error.oauth.code.interactionRequired":
    "アプリケーションはログインや確認を表示せずに続行しようとしましたが、それが必要です。アプリケーションに戻って、もう一度お試しください。",
  "error.oauth.code.client":
    "アプリケーションがこのログインサービスに正しく設定されていません。アプリケーションの運営者にお知らせください。",
  "error.oauth.code.badRequest":
    "アプリケーションが、このログインサービスでは処理できない要求を送信しました。アプリケーションの運営者にお知らせください。",
  "error.oauth.code.scope":
    "アプリケーションが、要求できない権限を要求しました。アプリケーションの運営者にお知らせください。",
  "error.oauth.code.serverError": "ログインサービス側で問題が発生しました。しばらくしてからもう一度お試しください。",
  "error.oauth.code.expired":
    "このログイン要求は期限切れか、すでに使用されています。アプリケーションに戻って、最初からやり直してください。",
  "error.oauth.code.forbidden":
    "このブラウザーではログインを続行できませんでした。このサイトの Cookie を許可し、アプリケーションに戻って最初からやり直してください。",
  "error.oauth.serviceSaid": "サービスからのメッセージ:",
  "error.oauth.serviceSaidNote":
    "これはサービス自身の言葉を、そのまま伝えたものです。私たちが書いたものではありません。",
  // Account area: signing in again before changes, and the recovery-codes page (issues 19 and 21).
  "account.reauth.refused.title": "ご本人であることを確認できませんでした",
  "account.reauth.refused.detail":
    "サインイン方法を変更するには、最近のサインイン（2段階目を使っている場合はそれも含む）が必要です。アカウントを開いて、もう一度お試しください。",
  "account.reauth.again": "もう一度サインインしました。変更をもう一度行ってください。",
  "account.confirm.title": "変更の確認",
  "account.confirm.intro": "もう一度サインインしました。続けますか？",
  "account.confirm.cancel": "キャンセル",
  "account.recovery.saved": "これらのコードを保存しました",
  // Ways on, the home page and the authenticator key (issue 21, polish).
  "index.ofBrand": "これは {brand} のログインサービスです。",
  "wayOn.backTo": "{client} に戻る",
  "wayOn.account": "アカウントへ移動",
  "wayOn.home": "トップページへ移動",
  "account.totp.issuer": "認証アプリでは、このアカウントは「{issuer}」と表示されます。",
  "account.totp.copy": "キーをコピー",
  "account.totp.copied": "キーをコピーしました。",
  // Email: forgot password and security notices (issue 22).
  "login.forgotPassword": "パスワードをお忘れですか？",
  "recovery.title": "パスワードの再設定",
  "recovery.intro":
    "アカウントのメールアドレスを入力してください。新しいパスワードを設定するためのリンクをお送りします（有効期間は{minutes}分です）。",
  "recovery.send": "リンクを送信",
  "recovery.missingEmail": "メールアドレスを入力してください。",
  "recovery.backToLogin": "サインインに戻る",
  "recovery.sent.title": "メールをご確認ください",
  "recovery.sent.detail":
    "{email} のアカウントが存在する場合は、そのアドレスにリンクを送信しました。リンクは1回限り、{minutes}分間有効です。迷惑メールフォルダーもご確認ください。",
  "recovery.set.title": "新しいパスワードの設定",
  "recovery.set.intro": "{email} の新しいパスワードを設定してください。",
  "recovery.set.submit": "パスワードを設定",
  "recovery.invalid.title": "このリンクは使用できません",
  "recovery.invalid.detail":
    "リンクの有効期限が切れたか、すでに使用されたか、送信後にパスワードが変更されています。サインインページから新しいリンクを依頼してください。",
  "recovery.done.title": "パスワードを変更しました",
  "recovery.done.detail":
    "パスワードが変更されました。アプリケーションに戻り、新しいパスワードでサインインしてください。",
  "email.hello": "こんにちは。",
  "email.footer": "このメールは自動送信です。返信は確認されません。",
  "email.recovery.subject": "パスワードの再設定",
  "email.recovery.body":
    "アカウント {email} のパスワード再設定が依頼されました。次のリンクを開いて新しいパスワードを設定してください。リンクは1回限り、{minutes}分間有効です：",
  "email.recovery.button": "新しいパスワードを設定",
  "email.recovery.ignore": "お心当たりがない場合は、このメールを無視してください。パスワードは変更されません。",
  "email.notice.subject": "アカウントのセキュリティに関するお知らせ",
  "email.notice.passwordChanged": "アカウント {email} のパスワードが変更されました。",
  "email.notice.passwordReset": "アカウント {email} のパスワードが、メールで送信されたリンクから再設定されました。",
  "email.notice.secondFactorAdded": "アカウント {email} に2段階目の認証（認証アプリ）が追加されました。",
  "email.notice.secondFactorRemoved": "アカウント {email} から2段階目の認証（認証アプリ）が削除されました。",
  "email.notice.passkeyAdded": "アカウント {email} にパスキーが追加されました。",
  "email.notice.passkeyRemoved": "アカウント {email} からパスキーが削除されました。",
  "email.notice.when": "日時：{time}（UTC）",
  "email.notice.ip": "IPアドレス：{ip}",
  "email.notice.notYou": "お心当たりがない場合は、今すぐパスワードを変更し、アカウントを確認してください：",
  "email.notice.locked":
    "失敗した試行が繰り返されたため、アカウント {email} へのサインインが一時的にロックされました。",
  // Sign-up (issue 22, REGISTRATION=open).
  "login.register": "アカウントをお持ちでない方は作成してください",
  "register.title": "アカウントを作成",
  "register.intro": "{client} に進むにはアカウントを作成してください。",
  "register.name": "名前（任意）",
  "register.repeat": "パスワード（確認）",
  "register.submit": "アカウントを作成",
  "register.emailInvalid": "有効なメールアドレスを入力してください。",
  "register.domainNotAllowed": "ここでの登録は次のドメインのアドレスに限られています: {domains}",
  "register.nameTooLong": "名前は 200 文字以内で入力してください。",
  "register.taken": "このアドレスにはすでにアカウントがあります。サインインするか、パスワードを再設定してください。",
  "register.signIn": "サインイン",
  "register.resetPassword": "パスワードを再設定",
  "register.limited": "お使いのネットワークからの登録が多すぎます。{minutes} 分後にもう一度お試しください。",
  "register.done.title": "アカウントの準備ができました",
  "register.done.verify": "{email} にリンクを送信しました。リンクを開いてアドレスを確認してください。",
  "register.done.signIn": "{email} とパスワードでサインインできるようになりました。",
  // Sign in by email (EMAIL_SIGN_IN)
  "login.emailSignIn": "サインインコードをメールで受け取る",
  "login.emailCode.title": "メールのコードを入力してください",
  "login.emailCode.sent":
    "{email} のアカウントが存在する場合、6桁のコードとリンクを送信しました。どちらも1回だけ、{minutes}分間、このブラウザーでのみ使えます。迷惑メールフォルダーも確認してください。",
  "login.emailCode.label": "メールに記載されたコード",
  "login.emailCode.submit": "サインイン",
  "login.emailCode.back": "パスワード入力に戻る",
  "login.emailCode.invalid":
    "コードが正しくないか、有効期限が切れています。最新のメールを確認するか、新しいコードを請求してください。",
  "login.emailCode.missing": "メールに記載された6桁のコードを入力してください。",
  "login.emailCode.missingEmail": "サインインコードを受け取るメールアドレスを入力してください。",
  "login.emailCode.tooMany":
    "間違ったコードが多すぎるため、このコードは無効になりました。もう一度サインインしてください。",
  "login.emailCode.elsewhere.title": "代わりにコードを入力してください",
  "login.emailCode.elsewhere.detail":
    "このサインインリンクは、請求したブラウザーでのみ使えます。請求した端末で、メールに記載された6桁のコードを入力してください。",
  "login.emailCode.gone.title": "このサインインリンクは使えません",
  "login.emailCode.gone.detail":
    "リンクの有効期限が切れたか、すでに使用されたか、より新しいコードが送信されました。サインインページで新しいコードを請求してください。",
  "email.signInCode.subject": "サインインコード",
  "email.signInCode.body":
    "アカウント {email} へのサインインが請求されました。サインインページでこのコードを入力してください。1回だけ、{minutes}分間有効です:",
  "email.signInCode.link": "または、同じブラウザーでこのリンクを開いてください:",
  "email.signInCode.button": "サインイン",
  "email.signInCode.ignore":
    "心当たりがない場合は、このメールを無視してください。このコードがなければ誰もサインインできません。",
  // Verified addresses, address changes and invitations (issue 22).
  "email.verify.subject": "メールアドレスを確認してください",
  "email.verify.body":
    "{email} があなたのアカウントのアドレスであることを確認するには、このリンクを開いてください。1 回だけ、24 時間有効です：",
  "email.verify.changeBody":
    "どなたか（おそらくご本人）が、{email} を自分のアカウントのアドレスにするよう依頼しました。確認するにはこのリンクを開いてください。変更はその時点で反映されます。1 回だけ、24 時間有効です：",
  "email.verify.button": "アドレスを確認する",
  "email.verify.ignore": "お心当たりがない場合は、このメールを無視してください。何も変更されません。",
  "email.invite.subject": "招待が届いています",
  "email.invite.body":
    "あなたのアカウント（{email}）が作成されました。このリンクを開いてパスワードを設定してください。1 回だけ、{days} 日間有効です：",
  "email.invite.button": "パスワードを設定する",
  "email.invite.ignore":
    "お心当たりがない場合は、このメールを無視してください。パスワードが設定されるまで、誰もこのアカウントにサインインできません。",
  "email.notice.emailChangeRequested":
    "アカウント {email} のアドレスを {newEmail} に変更する依頼がありました。変更は、新しいアドレスに送信されたリンクが開かれた時点で反映されます。",
  "verify.done.title": "メールアドレスを確認しました",
  "verify.done.detail": "{email} がアカウントの確認済みアドレスになりました。",
  "verify.invalid.title": "このリンクは使用できません",
  "verify.invalid.detail":
    "リンクの有効期限が切れたか、すでに使用されたか、送信後にアカウントのアドレスが変更されました。アカウントページで新しいリンクを依頼してください。",
  "verify.taken.title": "このアドレスは使用されています",
  "verify.taken.detail":
    "このアドレスは現在別のアカウントで使用されているため、アドレスは変更されませんでした。アカウントページで別のアドレスを選んでください。",
  "invitation.set.title": "パスワードを設定してください",
  "invitation.set.intro": "ようこそ。アカウント {email} のパスワードを設定してください。",
  "invitation.set.submit": "パスワードを設定",
  "invitation.done.title": "アカウントの準備ができました",
  "invitation.done.detail": "パスワードが設定され、アドレス {email} が確認されました。今すぐサインインできます。",
  "invitation.invalid.detail":
    "招待の有効期限が切れたか、すでに使用されています。招待した方に新しい招待を依頼してください。",
  "account.email.title": "メールアドレス",
  "account.email.verified": "確認済み",
  "account.email.unverified": "未確認",
  "account.email.sendVerification": "確認リンクを送信",
  "account.email.verificationSent": "{email} に確認リンクを送信しました。1 回だけ、24 時間有効です。",
  "account.email.tooMany": "このアドレスに送信されたリンクが多すぎます。しばらくしてからもう一度お試しください。",
  "account.email.pending": "確認待ち：{email}。そこに送信したリンクが開かれると変更が反映されます。",
  "account.email.new": "新しいメールアドレス",
  "account.email.change": "アドレスを変更",
  "account.email.changeSent":
    "{email} にリンクを送信しました。リンクが開かれるとアドレスが変更されます。現在のアドレスにもお知らせしました。",
  "account.email.invalid": "有効なメールアドレスを入力してください。",
  "account.email.same": "これはすでにあなたのアドレスです。",
  "account.email.alreadyVerified": "アドレスはすでに確認済みです。",
  // Sign in with another identity provider (issue 23, h15-federation).
  "upstream.or": "または次でサインイン",
  "upstream.button": "{name} でサインイン",
  "upstream.link.title": "{provider} のサインインを連携",
  "upstream.link.intro":
    "あなたの {provider} の ID は、まだこちらのアカウントと連携されていません。連携するには、こちらのアカウントのメールアドレスとパスワードを一度入力してください。",
  "upstream.link.emailTaken":
    "メールアドレス {email} のアカウントがすでにこちらにあります。あなたの {provider} の ID をそのアカウントと連携するには、そのアカウントのパスワードを入力してください。",
  "upstream.link.submit": "連携して続ける",
  "upstream.link.back": "サインインに戻る",
  "upstream.failed.title": "別のプロバイダーでのサインインに失敗しました",
  "upstream.failed.detail":
    "ID プロバイダーからの応答を受け付けられませんでした。サインインの期限が切れたか、すでに使われたか、別のブラウザーで始められた可能性があります。もう一度サインインを始めてください。",
  "upstream.cancelled.detail":
    "ID プロバイダーでのサインインはキャンセルまたは拒否されました。戻って別の方法でサインインしてください。",
  "upstream.unavailable.detail":
    "現在 ID プロバイダーに接続できません。しばらくしてからもう一度試すか、別の方法でサインインしてください。",
  "upstream.noAccount.detail":
    "この ID のアカウントはこちらになく、このプロバイダーは新しいアカウントを作成しません。別の方法でサインインしてください。",
  "upstream.notAllowed.detail": "このメールドメインのアドレスは、このプロバイダーでサインインできません。",
  "upstream.noEmail.detail":
    "ID プロバイダーからメールアドレスが提供されませんでした。新しいアカウントにはメールアドレスが必要です。",
  "upstream.taken.detail": "この ID はすでに別のアカウントと連携されています。",
  "account.providers.title": "ほかのサインイン プロバイダー",
  "account.providers.linked": "連携済み",
  "account.providers.link": "連携",
  "account.providers.remove": "削除",
  "account.providers.lastMethod": "これはアカウントにサインインする最後の方法のため、削除できません。",
  "account.providers.added": "プロバイダーを連携しました。これでサインインできます。",
  "account.providers.removed": "プロバイダーを削除しました。今後はこれでサインインできません。",
  "email.notice.providerLinked":
    "アカウント {email} に別のプロバイダーが連携されました。今後はこのプロバイダーでサインインできます。",
  "email.notice.providerRemoved": "アカウント {email} からサインイン プロバイダーが削除されました。",
  // h21 email links: the confirm page behind /verify/<token>.
  "verify.confirm.title": "メールアドレスの確認",
  "verify.confirm.verifyIntro": "{email} をアカウントのアドレスとして確認してください。",
  "verify.confirm.changeIntro":
    "{email} をアカウントの新しいアドレスとして確認してください。以後はこのアドレスでサインインし、他のセッションは終了します。",
  "verify.confirm.submit": "アドレスを確認する",
  "verify.confirm.signInFirst":
    "確認するには、まずこのブラウザーで、このリンクの送信先のアカウントでアカウント ページにサインインしてください。その後、もう一度リンクを開いてください。",
  "verify.confirm.toAccount": "アカウント ページへ",
  // Round trips to identity providers, limited per network (h22-fix-federation)
  "upstream.limited":
    "お使いのネットワークから別のプロバイダーでのサインインが多すぎます。{minutes} 分後にもう一度お試しください。",
  // A new way in waits for a confirmed address while sign-up is open.
  "account.addressFirst":
    "まずメールアドレスを確認してください。上のボタンで確認リンクを送信し、開いてください。それまでは新しいサインイン方法を追加できません。",
};
