// The catalogs: one entry per message, in English, Russian and Belarusian.
// Included by i18n.rs. Placeholders `{0}`, `{1}` must appear in all three.

catalog! {
    SkipToContent { en: "Skip to content", ru: "Перейти к содержимому", be: "Перайсці да зместу", }
    Navigation { en: "Main navigation", ru: "Основная навигация", be: "Асноўная навігацыя", }
    Language { en: "Language", ru: "Язык", be: "Мова", }
    LogIn { en: "Log in", ru: "Войти", be: "Увайсці", }
    LogOut { en: "Log out", ru: "Выйти", be: "Выйсці", }
    Username { en: "Username", ru: "Имя пользователя", be: "Імя карыстальніка", }
    Password { en: "Password", ru: "Пароль", be: "Пароль", }
    Start { en: "Start", ru: "Начало", be: "Пачатак", }
    BackToStart { en: "Back to the start page", ru: "Вернуться на начальную страницу", be: "Вярнуцца на пачатковую старонку", }
    Unknown { en: "unknown", ru: "неизвестно", be: "невядома", }
    Yes { en: "yes", ru: "да", be: "так", }
    No { en: "no", ru: "нет", be: "не", }
    All { en: "All", ru: "Все", be: "Усе", }
    Save { en: "Save", ru: "Сохранить", be: "Захаваць", }
    Confirm { en: "Confirm", ru: "Подтвердить", be: "Пацвердзіць", }
    Remove { en: "Remove", ru: "Убрать", be: "Выдаліць", }
    Filter { en: "Filter", ru: "Показать", be: "Паказаць", }

    // Second factor and account.
    SecondFactor { en: "Second factor", ru: "Второй фактор", be: "Другі фактар", }
    SecondFactorOn { en: "on (authenticator app)", ru: "включён (приложение-аутентификатор)", be: "уключаны (праграма-аўтэнтыфікатар)", }
    SecondFactorOff { en: "off", ru: "выключен", be: "выключаны", }
    SetUpSecondFactor { en: "Set up a second factor", ru: "Настроить второй фактор", be: "Наладзіць другі фактар", }
    SecondFactorRequired { en: "The fund requires a second factor: set it up to continue.", ru: "Фонд требует второй фактор: настройте его, чтобы продолжить.", be: "Фонд патрабуе другі фактар: наладзьце яго, каб працягнуць.", }
    EnrollExplain { en: "Add this key to an authenticator app (such as Aegis or FreeOTP), then type the six-digit code it shows.", ru: "Добавьте этот ключ в приложение-аутентификатор (например, Aegis или FreeOTP) и введите шестизначный код, который оно покажет.", be: "Дадайце гэты ключ у праграму-аўтэнтыфікатар (напрыклад, Aegis або FreeOTP) і ўвядзіце шасцізначны код, які яна пакажа.", }
    OpenInAuthenticator { en: "Open in an authenticator app", ru: "Открыть в приложении-аутентификаторе", be: "Адкрыць у праграме-аўтэнтыфікатары", }
    TotpCode { en: "Code", ru: "Код", be: "Код", }
    TotpCodeHint { en: "Six digits from your authenticator app.", ru: "Шесть цифр из приложения-аутентификатора.", be: "Шэсць лічбаў з праграмы-аўтэнтыфікатара.", }
    TotpWrong { en: "The code is not right or was already used; wait for the next one.", ru: "Код неверный или уже использован; дождитесь следующего.", be: "Код няправільны або ўжо выкарыстаны; пачакайце наступнага.", }
    TotpEnabled { en: "The second factor is on.", ru: "Второй фактор включён.", be: "Другі фактар уключаны.", }
    Account { en: "Account", ru: "Учётная запись", be: "Уліковы запіс", }
    Role { en: "Role", ru: "Роль", be: "Роля", }
    RoleAdmin { en: "fund board", ru: "правление фонда", be: "праўленне фонду", }
    RoleTreasurer { en: "treasurer", ru: "казначей", be: "скарбнік", }
    RoleMember { en: "committee member", ru: "член комитета", be: "сябра камітэта", }
    RoleAuditor { en: "auditor", ru: "аудитор", be: "аўдытар", }
    ChangePassword { en: "Change password", ru: "Сменить пароль", be: "Змяніць пароль", }
    CurrentPassword { en: "Current password", ru: "Текущий пароль", be: "Цяперашні пароль", }
    NewPassword { en: "New password", ru: "Новый пароль", be: "Новы пароль", }
    RepeatPassword { en: "New password again", ru: "Новый пароль ещё раз", be: "Новы пароль яшчэ раз", }
    InitialPassword { en: "Initial password", ru: "Начальный пароль", be: "Пачатковы пароль", }
    PasswordRules { en: "At least 12 characters.", ru: "Не меньше 12 символов.", be: "Не менш за 12 сімвалаў.", }
    PasswordTooShort { en: "The password must have at least 12 characters.", ru: "Пароль должен быть не короче 12 символов.", be: "Пароль павінен мець не менш за 12 сімвалаў.", }
    PasswordTooLong { en: "The password must have at most 1024 characters.", ru: "Пароль должен быть не длиннее 1024 символов.", be: "Пароль павінен мець не больш за 1024 сімвалы.", }
    PasswordsDiffer { en: "The two new passwords differ.", ru: "Два новых пароля не совпадают.", be: "Два новыя паролі не супадаюць.", }
    PasswordWrong { en: "The current password is not right.", ru: "Текущий пароль неверен.", be: "Цяперашні пароль няправільны.", }
    PasswordChanged { en: "Password changed. Other sessions were logged out.", ru: "Пароль изменён. Остальные сеансы завершены.", be: "Пароль зменены. Астатнія сеансы завершаны.", }
    LoginFailed { en: "Wrong username or password.", ru: "Неверное имя пользователя или пароль.", be: "Няправільнае імя карыстальніка або пароль.", }
    TooManyAttempts { en: "Too many failed attempts. Wait 15 minutes and try again.", ru: "Слишком много неудачных попыток. Подождите 15 минут и попробуйте снова.", be: "Занадта шмат няўдалых спроб. Пачакайце 15 хвілін і паспрабуйце зноў.", }

    // Errors shown as pages.
    NotFound { en: "Not found", ru: "Не найдено", be: "Не знойдзена", }
    NotFoundExplain { en: "There is nothing here, or it is not yours to see.", ru: "Здесь ничего нет, или это вам не доступно.", be: "Тут нічога няма, або гэта вам недаступна.", }
    Forbidden { en: "Not allowed", ru: "Не разрешено", be: "Не дазволена", }
    ForbiddenExplain { en: "Your role may see this but not do it.", ru: "Ваша роль позволяет видеть это, но не делать.", be: "Ваша роля дазваляе бачыць гэта, але не рабіць.", }
    BadForm { en: "Form expired", ru: "Форма устарела", be: "Форма састарэла", }
    CsrfRefused { en: "This form is out of date or did not come from this site. Nothing was changed. Go back, reload the page and try again.", ru: "Эта форма устарела или пришла не с этого сайта. Ничего не изменено. Вернитесь, обновите страницу и попробуйте снова.", be: "Гэтая форма састарэла або прыйшла не з гэтага сайта. Нічога не зменена. Вярніцеся, абнавіце старонку і паспрабуйце зноў.", }
    ServerError { en: "Something went wrong", ru: "Что-то пошло не так", be: "Нешта пайшло не так", }
    ServerErrorExplain { en: "The server could not do this. Nothing was recorded; try again later.", ru: "Сервер не смог это выполнить. Ничего не записано; попробуйте позже.", be: "Сервер не змог гэта выканаць. Нічога не запісана; паспрабуйце пазней.", }
    ReadOnly { en: "The ledger is read-only at the moment; nothing was recorded.", ru: "Сейчас журнал доступен только для чтения; ничего не записано.", be: "Цяпер журнал даступны толькі для чытання; нічога не запісана.", }

    // Committees and claims.
    Committees { en: "Committees", ru: "Комитеты", be: "Камітэты", }
    Committee { en: "Committee", ru: "Комитет", be: "Камітэт", }
    NoCommittees { en: "You are not a member of any committee yet.", ru: "Вы пока не состоите ни в одном комитете.", be: "Вы пакуль не ўваходзіце ні ў адзін камітэт.", }
    OpenClaimsCount { en: "{0} waiting for approval", ru: "ждут одобрения: {0}", be: "чакаюць ухвалы: {0}", }
    ThresholdExplain { en: "A claim needs {0} approvals by members other than the one who submitted it.", ru: "Заявку одобряют члены комитета, кроме подавшего её; нужно одобрений: {0}.", be: "Заяўку ўхваляюць сябры камітэта, акрамя таго, хто яе падаў; патрэбна ўхвал: {0}.", }
    Money { en: "Money", ru: "Деньги", be: "Грошы", }
    NoMoneyYet { en: "No money allocated yet.", ru: "Денег пока не выделено.", be: "Грошай пакуль не выдзелена.", }
    Currency { en: "Currency", ru: "Валюта", be: "Валюта", }
    Available { en: "Available", ru: "Доступно", be: "Даступна", }
    Reserved { en: "Reserved", ru: "Зарезервировано", be: "Зарэзервавана", }
    Paid { en: "Paid", ru: "Выплачено", be: "Выплачана", }
    Remaining { en: "Still to pay", ru: "Осталось выплатить", be: "Засталося выплаціць", }
    Claims { en: "Claims", ru: "Заявки", be: "Заяўкі", }
    Claim { en: "Claim", ru: "Заявка", be: "Заяўка", }
    NoClaims { en: "No claims match.", ru: "Подходящих заявок нет.", be: "Адпаведных заявак няма.", }
    QueueTruncated { en: "Only the most recent claims are shown; use the filters to narrow the list.", ru: "Показаны только последние заявки; сузьте список фильтрами.", be: "Паказаны толькі апошнія заяўкі; звузьце спіс фільтрамі.", }
    Worker { en: "Worker", ru: "Работник", be: "Работнік", }
    Category { en: "Category", ru: "Категория", be: "Катэгорыя", }
    Amount { en: "Amount", ru: "Сумма", be: "Сума", }
    State { en: "State", ru: "Состояние", be: "Стан", }
    Approvals { en: "Approvals", ru: "Одобрения", be: "Ухвалы", }
    SubmittedBy { en: "Submitted by", ru: "Подал(а)", be: "Падаў (падала)", }
    Notes { en: "Private notes", ru: "Закрытые заметки", be: "Закрытыя нататкі", }
    NotesPrivate { en: "Evidence and circumstances. Kept sealed: never published, never in the public journal.", ru: "Доказательства и обстоятельства. Хранятся запечатанными: не публикуются и не попадают в открытый журнал.", be: "Доказы і абставіны. Захоўваюцца запячатанымі: не публікуюцца і не трапляюць у адкрыты журнал.", }
    History { en: "History", ru: "История", be: "Гісторыя", }
    NewClaim { en: "New claim", ru: "Новая заявка", be: "Новая заяўка", }
    SubmitClaim { en: "Submit the claim", ru: "Подать заявку", be: "Падаць заяўку", }
    WorkerPseudonym { en: "Worker's pseudonym", ru: "Псевдоним работника", be: "Псеўданім работніка", }
    WorkerHint { en: "For a worker supported before, e.g. W-7F3K-92. Leave empty for a new worker: a pseudonym is made.", ru: "Для работника, которому уже помогали, например W-7F3K-92. Оставьте пустым для нового: псевдоним будет создан.", be: "Для работніка, якому ўжо дапамагалі, напрыклад W-7F3K-92. Пакіньце пустым для новага: псеўданім будзе створаны.", }
    AmountHint { en: "A dismissal grant is {0} unless the committee decides otherwise.", ru: "Пособие при увольнении составляет {0}, если комитет не решит иначе.", be: "Дапамога пры звальненні складае {0}, калі камітэт не вырашыць інакш.", }
    Approve { en: "Approve", ru: "Одобрить", be: "Ухваліць", }
    Reject { en: "Reject", ru: "Отклонить", be: "Адхіліць", }
    CancelClaim { en: "Cancel the claim", ru: "Отменить заявку", be: "Скасаваць заяўку", }
    Reason { en: "Reason", ru: "Причина", be: "Прычына", }
    ReasonPrivate { en: "Kept sealed, never published.", ru: "Хранится запечатанной, не публикуется.", be: "Захоўваецца запячатанай, не публікуецца.", }
    StateSubmitted { en: "waiting for approval", ru: "ждёт одобрения", be: "чакае ўхвалы", }
    StateApproved { en: "approved", ru: "одобрена", be: "ухвалена", }
    StatePartiallyPaid { en: "partially paid", ru: "выплачена частично", be: "выплачана часткова", }
    StatePaid { en: "paid", ru: "выплачена", be: "выплачана", }
    StateRejected { en: "rejected", ru: "отклонена", be: "адхілена", }
    StateCancelled { en: "cancelled", ru: "отменена", be: "скасавана", }
    CategoryDismissal { en: "dismissal grant", ru: "пособие при увольнении", be: "дапамога пры звальненні", }
    CategoryHardship { en: "monthly hardship", ru: "ежемесячная помощь", be: "штомесячная дапамога", }
    CategoryLegalAid { en: "legal aid", ru: "юридическая помощь", be: "юрыдычная дапамога", }
    CategoryMedical { en: "medical", ru: "лечение", be: "лячэнне", }
    CategoryFines { en: "fines", ru: "штрафы", be: "штрафы", }
    CategoryChildren { en: "children and school", ru: "дети и школа", be: "дзеці і школа", }
    CategoryOther { en: "other", ru: "другое", be: "іншае", }
    EventSubmitted { en: "Submitted", ru: "Подана", be: "Пададзена", }
    EventApproval { en: "Approved by a member", ru: "Одобрена членом комитета", be: "Ухвалена сябрам камітэта", }
    EventApprovalDenied { en: "Approval refused", ru: "Одобрение отклонено", be: "Ухвала адмоўлена", }
    EventReserved { en: "Money reserved", ru: "Деньги зарезервированы", be: "Грошы зарэзерваваны", }
    EventRejected { en: "Rejected", ru: "Отклонена", be: "Адхілена", }
    EventCancelled { en: "Cancelled, reserve released", ru: "Отменена, резерв возвращён", be: "Скасавана, рэзерв вернуты", }
    EventPayout { en: "Payout", ru: "Выплата", be: "Выплата", }
    EventReversal { en: "Payout reversed", ru: "Выплата сторнирована", be: "Выплата сторнаваная", }
    DeniedSubmitter { en: "the member who submitted a claim cannot approve it", ru: "подавший заявку не может её одобрить", be: "той, хто падаў заяўку, не можа яе ўхваліць", }
    DeniedAlreadyApproved { en: "this member had already approved", ru: "этот член комитета уже одобрил", be: "гэты сябра камітэта ўжо ўхваліў", }
    DeniedNotOpen { en: "the claim was no longer waiting for approval", ru: "заявка уже не ждала одобрения", be: "заяўка ўжо не чакала ўхвалы", }
    DeniedNotAMember { en: "only members of the committee can approve", ru: "одобрять могут только члены комитета", be: "ухваляць могуць толькі сябры камітэта", }
    DeniedDuplicate { en: "this person already has a dismissal grant; another needs an override reason", ru: "этот человек уже получил пособие при увольнении; для второго нужна причина", be: "гэты чалавек ужо атрымаў дапамогу пры звальненні; для другой патрэбна прычына", }
    ClaimSubmitted { en: "Claim {0} submitted.", ru: "Заявка {0} подана.", be: "Заяўка {0} пададзена.", }
    ApprovalCounted { en: "Your approval is counted: {0} of {1}.", ru: "Ваше одобрение учтено: {0} из {1}.", be: "Ваша ўхвала ўлічана: {0} з {1}.", }
    ApprovalReserved { en: "Approved: the money is reserved.", ru: "Одобрено: деньги зарезервированы.", be: "Ухвалена: грошы зарэзерваваны.", }
    ApprovalDenied { en: "Your approval was refused and the refusal recorded: {0}.", ru: "Ваше одобрение отклонено, отказ записан: {0}.", be: "Ваша ўхвала адхілена, адмова запісана: {0}.", }
    ClaimRejected { en: "The claim was rejected.", ru: "Заявка отклонена.", be: "Заяўка адхілена.", }
    ClaimCancelled { en: "The claim was cancelled and its reserve released.", ru: "Заявка отменена, резерв возвращён.", be: "Заяўка скасавана, рэзерв вернуты.", }

    // Command errors.
    EnvelopeShort { en: "available {0}, needed {1}", ru: "доступно {0}, нужно {1}", be: "даступна {0}, патрэбна {1}", }
    PayoutExceedsReserve { en: "a payout of {0} exceeds what remains reserved for the claim ({1})", ru: "выплата {0} больше остатка резерва по заявке ({1})", be: "выплата {0} большая за рэшту рэзерву па заяўцы ({1})", }
    ClaimWrongState { en: "the claim is {0}, so this cannot be done", ru: "заявка в состоянии «{0}», поэтому это невозможно", be: "заяўка ў стане «{0}», таму гэта немагчыма", }
    AlreadyMember { en: "that user is already a member of this committee", ru: "этот пользователь уже член комитета", be: "гэты карыстальнік ужо сябра камітэта", }
    AlreadyProposed { en: "that user is already proposed as a member", ru: "этот пользователь уже предложен в члены", be: "гэты карыстальнік ужо прапанаваны ў сябры", }
    ProposalAlreadyApproved { en: "you have already approved this proposal", ru: "вы уже одобрили это предложение", be: "вы ўжо ўхвалілі гэтую прапанову", }
    ProposalNotOpen { en: "the proposal is no longer open", ru: "предложение уже закрыто", be: "прапанова ўжо закрыта", }
    NotAMember { en: "only members of the committee can do this", ru: "это могут только члены комитета", be: "гэта могуць толькі сябры камітэта", }
    WorkerUnknown { en: "no worker with this pseudonym", ru: "нет работника с таким псевдонимом", be: "няма работніка з такім псеўданімам", }
    CommitteeExists { en: "a committee with this name already exists", ru: "комитет с таким именем уже есть", be: "камітэт з такім імем ужо ёсць", }
    UsernameTaken { en: "this username is taken", ru: "это имя пользователя занято", be: "гэтае імя карыстальніка занятае", }
    FieldRequired { en: "This field is required.", ru: "Это поле обязательно.", be: "Гэтае поле абавязковае.", }
    FieldTooLong { en: "This is too long (at most {0} characters).", ru: "Слишком длинно (не больше {0} символов).", be: "Занадта доўга (не больш за {0} сімвалаў).", }
    FieldControlChars { en: "This must not contain control characters.", ru: "Здесь не должно быть управляющих символов.", be: "Тут не павінна быць кіроўных сімвалаў.", }
    AmountInvalid { en: "Write the amount as a number like 1500 or 1500.50, with at most {0} decimals.", ru: "Укажите сумму числом, например 1500 или 1500.50, не больше {0} знаков после точки.", be: "Пазначце суму лікам, напрыклад 1500 або 1500.50, не больш за {0} знакі пасля кропкі.", }
    AmountMustBePositive { en: "The amount must be more than zero.", ru: "Сумма должна быть больше нуля.", be: "Сума павінна быць большай за нуль.", }
    AmountTooLarge { en: "The amount is too large.", ru: "Сумма слишком велика.", be: "Сума занадта вялікая.", }
    ChoiceInvalid { en: "Choose one of the options.", ru: "Выберите один из вариантов.", be: "Выберыце адзін з варыянтаў.", }
    DateInvalid { en: "Write the date as YYYY-MM-DD.", ru: "Укажите дату в виде ГГГГ-ММ-ДД.", be: "Пазначце дату ў выглядзе ГГГГ-ММ-ДД.", }
    PseudonymInvalid { en: "A pseudonym looks like W-7F3K-92.", ru: "Псевдоним выглядит так: W-7F3K-92.", be: "Псеўданім выглядае так: W-7F3K-92.", }
    SlugInvalid { en: "2 to 40 lowercase letters, digits or dashes.", ru: "От 2 до 40 строчных латинских букв, цифр или дефисов.", be: "Ад 2 да 40 малых лацінскіх літар, лічбаў або злучкоў.", }
    ThresholdInvalid { en: "A whole number from 1 to 9.", ru: "Целое число от 1 до 9.", be: "Цэлы лік ад 1 да 9.", }
    CurrencyNotHeld { en: "account {0} does not hold {1}", ru: "счёт {0} не ведётся в {1}", be: "рахунак {0} не вядзецца ў {1}", }
    CommandFailed { en: "This could not be done: {0}", ru: "Это невозможно сделать: {0}", be: "Гэта немагчыма зрабіць: {0}", }

    // Administration.
    Administration { en: "Administration", ru: "Управление", be: "Кіраванне", }
    GeneralFund { en: "General fund (not yet allocated)", ru: "Общий фонд (ещё не распределено)", be: "Агульны фонд (яшчэ не размеркавана)", }
    Public { en: "Public", ru: "Публичный", be: "Публічны", }
    PublicExplain { en: "Public: its name and totals appear on the public page. Otherwise it is named on the chain by an opaque key.", ru: "Публичный: имя и суммы видны на открытой странице. Иначе в журнале он назван непрозрачным ключом.", be: "Публічны: імя і сумы відаць на адкрытай старонцы. Інакш у журнале ён названы непразрыстым ключом.", }
    Threshold { en: "Approvals needed", ru: "Нужно одобрений", be: "Патрэбна ўхвал", }
    Members { en: "Members", ru: "Члены", be: "Сябры", }
    Slug { en: "Short name (in addresses)", ru: "Короткое имя (в адресах)", be: "Кароткае імя (у адрасах)", }
    SlugHint { en: "For example grodno-azot.", ru: "Например, grodno-azot.", be: "Напрыклад, grodno-azot.", }
    DisplayName { en: "Display name", ru: "Название", be: "Назва", }
    CreateCommittee { en: "Create a committee", ru: "Создать комитет", be: "Стварыць камітэт", }
    CommitteeCreated { en: "Committee created.", ru: "Комитет создан.", be: "Камітэт створаны.", }
    CreateUser { en: "Create a user", ru: "Создать пользователя", be: "Стварыць карыстальніка", }
    UserCreated { en: "User {0} created.", ru: "Пользователь {0} создан.", be: "Карыстальнік {0} створаны.", }
    Settings { en: "Settings", ru: "Настройки", be: "Налады", }
    SettingsSaved { en: "Settings saved.", ru: "Настройки сохранены.", be: "Налады захаваныя.", }
    RequireSecondFactor { en: "Everyone must use a second factor", ru: "Все обязаны использовать второй фактор", be: "Усе абавязаны карыстацца другім фактарам", }
    DismissalGrant { en: "Dismissal grant", ru: "Пособие при увольнении", be: "Дапамога пры звальненні", }
    Allocate { en: "Allocate from the general fund", ru: "Выделить из общего фонда", be: "Выдзеліць з агульнага фонду", }
    Allocated { en: "{0} allocated.", ru: "Выделено: {0}.", be: "Выдзелена: {0}.", }
    AddMember { en: "Add a member", ru: "Добавить члена", be: "Дадаць сябра", }
    AddMemberExplain { en: "Once the committee has {0} members, a new member is added only after {0} existing members approve.", ru: "Когда число членов комитета достигает {0}, новый член добавляется только после одобрения действующими членами (нужно одобрений: {0}).", be: "Калі колькасць сяброў камітэта дасягае {0}, новы сябра дадаецца толькі пасля ўхвалы цяперашнімі сябрамі (патрэбна ўхвал: {0}).", }
    NoCandidates { en: "Every user with the member role is already in this committee.", ru: "Все пользователи с ролью члена уже в этом комитете.", be: "Усе карыстальнікі з роляй сябра ўжо ў гэтым камітэце.", }
    MemberAdded { en: "Member added.", ru: "Член добавлен.", be: "Сябра дададзены.", }
    MemberProposed { en: "Proposed: {0} existing members must approve.", ru: "Предложено: нужно одобрений действующих членов: {0}.", be: "Прапанавана: патрэбна ўхвал цяперашніх сяброў: {0}.", }
    MemberRemoved { en: "Member removed.", ru: "Член убран.", be: "Сябра выдалены.", }
    MemberProposals { en: "Proposed members", ru: "Предложенные члены", be: "Прапанаваныя сябры", }
    ApproveMember { en: "Approve the new member", ru: "Одобрить нового члена", be: "Ухваліць новага сябра", }
    MemberApproved { en: "Your approval is counted: {0} of {1}.", ru: "Ваше одобрение учтено: {0} из {1}.", be: "Ваша ўхвала ўлічана: {0} з {1}.", }

    // Treasurer.
    PayoutQueue { en: "Payouts", ru: "Выплаты", be: "Выплаты", }
    NothingToPay { en: "No approved claim is waiting to be paid.", ru: "Нет одобренных заявок, ожидающих выплаты.", be: "Няма ўхваленых заявак, якія чакаюць выплаты.", }
    Pay { en: "Pay", ru: "Выплатить", be: "Выплаціць", }
    RecordPayout { en: "Record a payout", ru: "Записать выплату", be: "Запісаць выплату", }
    InstallmentHint { en: "Less than what remains pays an installment; the claim is paid when nothing remains.", ru: "Сумма меньше остатка — это часть выплаты; заявка выплачена, когда остаток равен нулю.", be: "Сума меншая за рэшту — гэта частка выплаты; заяўка выплачана, калі рэшта роўная нулю.", }
    PaidFrom { en: "Paid from", ru: "Со счёта", be: "З рахунку", }
    Method { en: "Method", ru: "Способ", be: "Спосаб", }
    MethodBankTransfer { en: "bank transfer", ru: "банковский перевод", be: "банкаўскі перавод", }
    MethodCard { en: "card", ru: "карта", be: "картка", }
    MethodCash { en: "cash by courier", ru: "наличные через курьера", be: "наяўныя праз кур'ера", }
    MethodCrypto { en: "crypto", ru: "криптовалюта", be: "крыптавалюта", }
    PaidOn { en: "Paid on", ru: "Дата выплаты", be: "Дата выплаты", }
    Reference { en: "Payment reference", ru: "Реквизиты платежа", be: "Рэквізіты плацяжу", }
    ReferencePrivate { en: "Kept sealed, never in the public journal.", ru: "Хранятся запечатанными, не попадают в открытый журнал.", be: "Захоўваюцца запячатанымі, не трапляюць у адкрыты журнал.", }
    PayoutRecorded { en: "Payout of {0} recorded.", ru: "Выплата {0} записана.", be: "Выплата {0} запісана.", }
}
