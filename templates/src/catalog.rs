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
    FormRefused { en: "Form refused", ru: "Форма отклонена", be: "Форма адхілена", }
    NulRefused { en: "The form held a NUL character (%00), which no field may hold. Nothing was changed.", ru: "В форме был символ NUL (%00), который не допускается ни в одном поле. Ничего не изменено.", be: "У форме быў сімвал NUL (%00), які не дапускаецца ні ў адным полі. Нічога не зменена.", }
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
    WorkerHint { en: "For a worker supported before, e.g. W-7F3K-92. Leave empty for a new worker and give their details below: a pseudonym is made.", ru: "Для работника, которому уже помогали, например W-7F3K-92. Оставьте пустым для нового и укажите его данные ниже: псевдоним будет создан.", be: "Для работніка, якому ўжо дапамагалі, напрыклад W-7F3K-92. Пакіньце пустым для новага і пазначце яго звесткі ніжэй: псеўданім будзе створаны.", }
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
    // Personal data of the people paid.
    PersonalData { en: "Personal data", ru: "Личные данные", be: "Асабістыя звесткі", }
    NewWorker { en: "New worker", ru: "Новый работник", be: "Новы работнік", }
    NewWorkerHint { en: "For a worker not supported before. Kept sealed and encrypted, never published; the document number is used only to notice one person claimed twice. Without a name and a document number no personal data is kept, and a second claim for the same person cannot be noticed.", ru: "Для работника, которому ещё не помогали. Хранится запечатанным и зашифрованным, не публикуется; номер документа нужен только чтобы заметить повторную заявку на одного человека. Без имени и номера документа личные данные не хранятся, и повторную заявку на того же человека заметить нельзя.", be: "Для работніка, якому яшчэ не дапамагалі. Захоўваецца запячатаным і зашыфраваным, не публікуецца; нумар дакумента патрэбны толькі каб заўважыць паўторную заяўку на аднаго чалавека. Без імя і нумара дакумента асабістыя звесткі не захоўваюцца, і паўторную заяўку на таго ж чалавека заўважыць нельга.", }
    FullName { en: "Full name", ru: "Полное имя", be: "Поўнае імя", }
    ContactDetails { en: "Contact (phone, messenger)", ru: "Контакт (телефон, мессенджер)", be: "Кантакт (тэлефон, мэсэнджар)", }
    DocumentNumber { en: "Identity document number", ru: "Номер документа, удостоверяющего личность", be: "Нумар дакумента, які сведчыць асобу", }
    PaymentDetails { en: "Payment details (IBAN, card)", ru: "Платёжные реквизиты (IBAN, карта)", be: "Плацежныя рэквізіты (IBAN, картка)", }
    DocumentInvalid { en: "Letters and digits only (spaces and dashes are ignored).", ru: "Только буквы и цифры (пробелы и дефисы не учитываются).", be: "Толькі літары і лічбы (прабелы і злучкі не ўлічваюцца).", }
    WorkerOrNewWorker { en: "Give either an existing worker's pseudonym or a new worker's details, not both.", ru: "Укажите либо псевдоним работника, которому уже помогали, либо данные нового работника, но не то и другое.", be: "Пазначце або псеўданім работніка, якому ўжо дапамагалі, або звесткі новага работніка, але не тое і другое.", }
    WorkerErased { en: "This worker's personal data was erased: submit the claim for a new worker.", ru: "Личные данные этого работника удалены: подайте заявку как на нового работника.", be: "Асабістыя звесткі гэтага работніка выдалены: падайце заяўку як на новага работніка.", }
    DataKeyMissing { en: "The data key is not loaded on this server: personal data cannot be shown, and nothing that carries personal data can be recorded. The fund's administrator must start the server with its data key.", ru: "Ключ данных не загружен на этом сервере: личные данные нельзя показать, и ничего, что их содержит, нельзя записать. Администратор фонда должен запустить сервер с ключом данных.", be: "Ключ звестак не загружаны на гэтым серверы: асабістыя звесткі нельга паказаць, і нічога, што іх змяшчае, нельга запісаць. Адміністратар фонду павінен запусціць сервер з ключом звестак.", }
    PrivateUnreadable { en: "The personal data of this claim cannot be opened with the data key loaded on this server.", ru: "Личные данные этой заявки не открываются ключом данных, загруженным на этом сервере.", be: "Асабістыя звесткі гэтай заяўкі не адкрываюцца ключом звестак, загружаным на гэтым серверы.", }
    PersonalDataErased { en: "This worker's personal data was erased.", ru: "Личные данные этого работника удалены.", be: "Асабістыя звесткі гэтага работніка выдалены.", }
    SamePersonWarning { en: "The same person may have other claims", ru: "У этого человека могут быть другие заявки", be: "У гэтага чалавека могуць быць іншыя заяўкі", }
    SamePersonExplain { en: "These claims are for the same pseudonym or the same identity document number:", ru: "Эти заявки поданы на тот же псевдоним или тот же номер документа:", be: "Гэтыя заяўкі пададзены на той жа псеўданім або той жа нумар дакумента:", }
    ThisCommittee { en: "this committee", ru: "этот комитет", be: "гэты камітэт", }
    AnotherCommittee { en: "another committee", ru: "другой комитет", be: "іншы камітэт", }
    OverrideReason { en: "Why approve another dismissal grant", ru: "Почему одобрить второе пособие при увольнении", be: "Чаму ўхваліць другую дапамогу пры звальненні", }
    OverrideHint { en: "This person already has a dismissal grant. Without a reason your approval is refused; the reason is kept sealed.", ru: "Этот человек уже получил пособие при увольнении. Без причины ваше одобрение будет отклонено; причина хранится запечатанной.", be: "Гэты чалавек ужо атрымаў дапамогу пры звальненні. Без прычыны ваша ўхвала будзе адхілена; прычына захоўваецца запячатанай.", }
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

    EraseWorker { en: "Erase a worker's personal data", ru: "Удалить личные данные работника", be: "Выдаліць асабістыя звесткі работніка", }
    EraseHint { en: "Cannot be undone: deletes the worker's details and the notes, reasons and references of every entry about them. The books and every total stay as they are.", ru: "Необратимо: удаляет данные работника и заметки, причины и реквизиты всех записей о нём. Учёт и все суммы не меняются.", be: "Незваротна: выдаляе звесткі работніка і нататкі, прычыны і рэквізіты ўсіх запісаў пра яго. Улік і ўсе сумы не мяняюцца.", }
    ErasureReasonLabel { en: "Why", ru: "Почему", be: "Чаму", }
    ErasureWorkerRequest { en: "the worker asked", ru: "по просьбе работника", be: "па просьбе работніка", }
    ErasureNoLongerNeeded { en: "no longer needed", ru: "больше не нужны", be: "больш не патрэбныя", }
    ErasureSafetyRisk { en: "a risk to the worker's safety", ru: "угроза безопасности работника", be: "пагроза бяспецы работніка", }
    ErasureEnteredByMistake { en: "entered by mistake", ru: "внесены по ошибке", be: "унесены памылкова", }
    Erase { en: "Erase", ru: "Удалить", be: "Выдаліць", }
    WorkerErasedDone { en: "The personal data of {0} is erased.", ru: "Личные данные {0} удалены.", be: "Асабістыя звесткі {0} выдалены.", }
    AlreadyErased { en: "This worker's personal data was already erased.", ru: "Личные данные этого работника уже удалены.", be: "Асабістыя звесткі гэтага работніка ўжо выдалены.", }

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

    // The treasurer's money pages.
    MoneyTitle { en: "The fund's money", ru: "Деньги фонда", be: "Грошы фонду", }
    Holdings { en: "Holdings", ru: "Остатки на счетах", be: "Рэшткі на рахунках", }
    NoHoldings { en: "No account holds money yet.", ru: "На счетах пока нет денег.", be: "На рахунках пакуль няма грошай.", }
    MoneyAccount { en: "Account", ru: "Счёт", be: "Рахунак", }
    Balance { en: "Balance", ru: "Остаток", be: "Рэшта", }
    RecentMovements { en: "Recent money entries", ru: "Последние денежные записи", be: "Апошнія грашовыя запісы", }
    NoMovements { en: "No money entries yet.", ru: "Денежных записей пока нет.", be: "Грашовых запісаў пакуль няма.", }
    Entry { en: "Entry", ru: "Запись", be: "Запіс", }
    Day { en: "Day", ru: "Дата", be: "Дата", }
    Kind { en: "Kind", ru: "Вид", be: "Від", }
    Postings { en: "Postings", ru: "Проводки", be: "Праводкі", }
    KindDonation { en: "donation", ru: "пожертвование", be: "ахвяраванне", }
    KindAllocation { en: "allocation to a committee", ru: "выделение комитету", be: "выдзяленне камітэту", }
    KindExchange { en: "currency exchange", ru: "обмен валюты", be: "абмен валюты", }
    KindFee { en: "bank fee", ru: "банковская комиссия", be: "банкаўская камісія", }
    KindPayout { en: "payout", ru: "выплата", be: "выплата", }
    KindReversal { en: "reversal", ru: "сторно", be: "сторна", }
    ReversedByEntry { en: "reversed by entry {0}", ru: "сторнирована записью {0}", be: "сторнаваны запісам {0}", }
    ReverseThis { en: "Reverse", ru: "Сторнировать", be: "Сторнаваць", }
    RecordDonation { en: "Record a donation", ru: "Записать пожертвование", be: "Запісаць ахвяраванне", }
    ImportDonations { en: "Import donations from a CSV file", ru: "Импортировать пожертвования из файла CSV", be: "Імпартаваць ахвяраванні з файла CSV", }
    RecordExchange { en: "Record a currency exchange", ru: "Записать обмен валюты", be: "Запісаць абмен валюты", }
    RecordFee { en: "Record a bank fee", ru: "Записать банковскую комиссию", be: "Запісаць банкаўскую камісію", }
    ReverseEntry { en: "Reverse an entry", ru: "Сторнировать запись", be: "Сторнаваць запіс", }
    ReceivedOn { en: "Received on", ru: "Дата поступления", be: "Дата паступлення", }
    ReceivedInto { en: "Received into account", ru: "Зачислено на счёт", be: "Залічана на рахунак", }
    AmountFormat { en: "A positive number with a point, such as 100 or 100.50.", ru: "Положительное число с точкой, например 100 или 100.50.", be: "Дадатны лік з кропкай, напрыклад 100 або 100.50.", }
    Earmark { en: "For a committee", ru: "Для комитета", be: "Для камітэта", }
    EarmarkNone { en: "General fund (not earmarked)", ru: "Общий фонд (без назначения)", be: "Агульны фонд (без прызначэння)", }
    DonorName { en: "Donor's public name (optional)", ru: "Публичное имя донора (необязательно)", be: "Публічнае імя донара (неабавязкова)", }
    DonorHint { en: "Shown publicly. Fill in only if the donor asked to be named; leave empty for an anonymous donation.", ru: "Показывается публично. Заполняйте, только если донор попросил его назвать; для анонимного пожертвования оставьте пустым.", be: "Паказваецца публічна. Запаўняйце, толькі калі донар папрасіў яго назваць; для ананімнага ахвяравання пакіньце пустым.", }
    BankReference { en: "Bank reference", ru: "Номер платежа в банке", be: "Нумар плацяжу ў банку", }
    BankReferenceHint { en: "The transfer's reference on the statement. Kept sealed. A donation with the same account and reference is never recorded twice.", ru: "Номер перевода из выписки. Хранится запечатанным. Пожертвование с тем же счётом и номером никогда не записывается дважды.", be: "Нумар пераводу з выпіскі. Захоўваецца запячатаным. Ахвяраванне з тым жа рахункам і нумарам ніколі не запісваецца двойчы.", }
    DonationRecorded { en: "Donation of {0} recorded. Receipt code: {1}.", ru: "Пожертвование {0} записано. Код квитанции: {1}.", be: "Ахвяраванне {0} запісана. Код квітанцыі: {1}.", }
    DonationAlreadyRecorded { en: "This donation of {0} was already recorded; nothing was added. Receipt code: {1}.", ru: "Это пожертвование {0} уже было записано; ничего не добавлено. Код квитанции: {1}.", be: "Гэтае ахвяраванне {0} ужо было запісана; нічога не дададзена. Код квітанцыі: {1}.", }
    ShowReceipt { en: "Show the receipt", ru: "Открыть квитанцию", be: "Адкрыць квітанцыю", }
    ImportTitle { en: "Import donations", ru: "Импорт пожертвований", be: "Імпарт ахвяраванняў", }
    ImportExplain { en: "A bank statement as CSV (UTF-8, comma-separated) whose header names the columns received_on, amount, currency, account, reference, and optionally earmark and donor. All or nothing: if any line is bad, nothing is imported and every bad line is listed. Rows recorded before (same account and reference) are skipped.", ru: "Банковская выписка в CSV (UTF-8, через запятую), в заголовке которой названы столбцы received_on, amount, currency, account, reference и, по желанию, earmark и donor. Всё или ничего: если хоть одна строка ошибочна, ничего не импортируется и перечисляются все ошибочные строки. Строки, записанные раньше (тот же счёт и номер платежа), пропускаются.", be: "Банкаўская выпіска ў CSV (UTF-8, праз коску), у загалоўку якой названы слупкі received_on, amount, currency, account, reference і, па жаданні, earmark і donor. Усё або нічога: калі хоць адзін радок памылковы, нічога не імпартуецца і пералічваюцца ўсе памылковыя радкі. Радкі, запісаныя раней (той жа рахунак і нумар плацяжу), прапускаюцца.", }
    CsvFile { en: "CSV file (at most {0})", ru: "Файл CSV (не больше {0})", be: "Файл CSV (не больш за {0})", }
    CheckOnly { en: "Check only (record nothing)", ru: "Только проверить (ничего не записывать)", be: "Толькі праверыць (нічога не запісваць)", }
    ImportNow { en: "Import", ru: "Импортировать", be: "Імпартаваць", }
    ImportChooseAgain { en: "To import, choose the same file again and press Import: the file is not kept on the server.", ru: "Чтобы импортировать, снова выберите тот же файл и нажмите «Импортировать»: файл не хранится на сервере.", be: "Каб імпартаваць, зноў выберыце той жа файл і націсніце «Імпартаваць»: файл не захоўваецца на серверы.", }
    ImportPreview { en: "Rows checked: {0}. To be imported: {1}. Already recorded: {2}. Nothing has been recorded yet.", ru: "Проверено строк: {0}. Будет импортировано: {1}. Уже записано: {2}. Пока ничего не записано.", be: "Праверана радкоў: {0}. Будзе імпартавана: {1}. Ужо запісана: {2}. Пакуль нічога не запісана.", }
    ImportDone { en: "Rows in the file: {0}. Imported now: {1}. Already recorded before: {2}.", ru: "Строк в файле: {0}. Импортировано сейчас: {1}. Уже были записаны раньше: {2}.", be: "Радкоў у файле: {0}. Імпартавана цяпер: {1}. Ужо былі запісаны раней: {2}.", }
    ImportBadLines { en: "Bad lines: {0}. Nothing was imported.", ru: "Ошибочных строк: {0}. Ничего не импортировано.", be: "Памылковых радкоў: {0}. Нічога не імпартавана.", }
    BadLinesTruncated { en: "Only the first {0} are listed; fix them and check the file again.", ru: "Перечислены только первые из них: {0}; исправьте их и проверьте файл снова.", be: "Пералічаны толькі першыя з іх: {0}; выпраўце іх і праверце файл зноў.", }
    Line { en: "Line", ru: "Строка", be: "Радок", }
    Problem { en: "Problem", ru: "Ошибка", be: "Памылка", }
    FileRequired { en: "Choose a CSV file.", ru: "Выберите файл CSV.", be: "Выберыце файл CSV.", }
    FileNotCsv { en: "The file is not CSV in UTF-8: {0}", ru: "Файл не является CSV в UTF-8: {0}", be: "Файл не з'яўляецца CSV у UTF-8: {0}", }
    FileHeaderInvalid { en: "The header must name the columns received_on, amount, currency, account, reference (earmark and donor are optional): {0}", ru: "В заголовке должны быть названы столбцы received_on, amount, currency, account, reference (earmark и donor необязательны): {0}", be: "У загалоўку павінны быць названы слупкі received_on, amount, currency, account, reference (earmark і donor неабавязковыя): {0}", }
    FileTooManyRows { en: "The file has more than {0} rows.", ru: "В файле больше {0} строк.", be: "У файле больш за {0} радкоў.", }
    FileTooLarge { en: "The file is larger than {0}.", ru: "Файл больше {0}.", be: "Файл большы за {0}.", }
    ImportPartlyRefused { en: "Line {0} was refused: {1}. The rows before it were recorded; import the file again for the rest.", ru: "Строка {0} отклонена: {1}. Строки до неё записаны; импортируйте файл ещё раз для остальных.", be: "Радок {0} адхілены: {1}. Радкі да яго запісаны; імпартуйце файл яшчэ раз для астатніх.", }
    TooLarge { en: "Too large", ru: "Слишком большой объём", be: "Занадта вялікі памер", }
    TooLargeExplain { en: "The form or file is larger than {0}. Nothing was changed.", ru: "Форма или файл больше {0}. Ничего не изменено.", be: "Форма або файл большыя за {0}. Нічога не зменена.", }
    ExchangeFrom { en: "Money that left", ru: "Списано", be: "Спісана", }
    ExchangeTo { en: "Money that arrived", ru: "Зачислено", be: "Залічана", }
    ExchangeEnvelope { en: "Whose money was exchanged", ru: "Чьи деньги обменяны", be: "Чые грошы абменены", }
    ExchangeEnvelopeHint { en: "The general fund, or the money a committee may still approve: it is converted together with the money, so every envelope still adds up.", ru: "Общий фонд или деньги, которые комитет ещё может одобрить: они конвертируются вместе с деньгами, так что все конверты по-прежнему сходятся.", be: "Агульны фонд або грошы, якія камітэт яшчэ можа ўхваліць: яны канвертуюцца разам з грашыма, так што ўсе канверты па-ранейшаму сыходзяцца.", }
    ExchangeRecorded { en: "Exchange recorded as entry {0}.", ru: "Обмен записан, запись {0}.", be: "Абмен запісаны, запіс {0}.", }
    ExchangeSameCurrency { en: "The two sides of an exchange must be in different currencies.", ru: "Стороны обмена должны быть в разных валютах.", be: "Бакі абмену павінны быць у розных валютах.", }
    FeeExplain { en: "Paid from the general fund: the fee leaves the account and the fund's unallocated money.", ru: "Оплачивается из общего фонда: комиссия уменьшает остаток счёта и нераспределённые деньги фонда.", be: "Аплачваецца з агульнага фонду: камісія памяншае рэшту рахунку і неразмеркаваныя грошы фонду.", }
    FeeAccount { en: "Taken from account", ru: "Списана со счёта", be: "Спісана з рахунку", }
    FeeRecorded { en: "Fee recorded as entry {0}.", ru: "Комиссия записана, запись {0}.", be: "Камісія запісана, запіс {0}.", }
    ReverseExplain { en: "A mistake is never edited: a reversal entry mirrors every posting of the original. Donations, allocations, exchanges, fees and payouts can be reversed, each once.", ru: "Ошибку никогда не исправляют правкой: запись сторно зеркально повторяет все проводки исходной. Сторнировать можно пожертвования, выделения, обмены, комиссии и выплаты, каждую запись один раз.", be: "Памылку ніколі не выпраўляюць праўкай: запіс сторна люстэркава паўтарае ўсе праводкі зыходнага. Сторнаваць можна ахвяраванні, выдзяленні, абмены, камісіі і выплаты, кожны запіс адзін раз.", }
    EntrySeq { en: "Entry number (seq)", ru: "Номер записи (seq)", be: "Нумар запісу (seq)", }
    SeqInvalid { en: "Write the entry's number, a whole number such as 1234.", ru: "Укажите номер записи, целое число, например 1234.", be: "Пазначце нумар запісу, цэлы лік, напрыклад 1234.", }
    EntryUnknown { en: "There is no journal entry with this number.", ru: "Записи журнала с таким номером нет.", be: "Запісу журнала з такім нумарам няма.", }
    NotReversible { en: "Entries of this kind cannot be reversed.", ru: "Записи такого вида нельзя сторнировать.", be: "Запісы такога віду нельга сторнаваць.", }
    AlreadyReversed { en: "This entry was already reversed.", ru: "Эта запись уже сторнирована.", be: "Гэты запіс ужо сторнаваны.", }
    ReversalRecorded { en: "Entry {0} reversed by entry {1}.", ru: "Запись {0} сторнирована записью {1}.", be: "Запіс {0} сторнаваны запісам {1}.", }
    FormAlreadySent { en: "This form was already sent, and only the first one counts. Check the latest money entries before sending it again.", ru: "Эта форма уже была отправлена, учитывается только первая отправка. Проверьте последние денежные записи, прежде чем отправлять её снова.", be: "Гэтая форма ўжо была адпраўлена, улічваецца толькі першая адпраўка. Праверце апошнія грашовыя запісы, перш чым адпраўляць яе зноў.", }
    AccountNotOpen { en: "This account is not open.", ru: "Этот счёт не открыт.", be: "Гэты рахунак не адкрыты.", }

    // Why a donation cannot be recorded (form fields and lines of a CSV
    // file). The English texts are the CLI's, word for word.
    ProblemColumns { en: "wrong number of columns", ru: "неверное число столбцов", be: "няправільная колькасць слупкоў", }
    ProblemNotText { en: "must be a string", ru: "должно быть строкой", be: "павінна быць радком", }
    ProblemUnknownField { en: "unknown field", ru: "неизвестное поле", be: "невядомае поле", }
    ProblemDateMissing { en: "missing date", ru: "нет даты", be: "няма даты", }
    ProblemDateInvalid { en: "invalid date", ru: "неверная дата", be: "няправільная дата", }
    ProblemDateFuture { en: "date in the future", ru: "дата в будущем", be: "дата ў будучыні", }
    ProblemAmountMissing { en: "missing amount", ru: "нет суммы", be: "няма сумы", }
    ProblemAmountMalformed { en: "malformed amount", ru: "сумма записана неверно", be: "сума запісана няправільна", }
    ProblemAmountNegative { en: "negative amount", ru: "отрицательная сумма", be: "адмоўная сума", }
    ProblemAmountZero { en: "zero amount", ru: "нулевая сумма", be: "нулявая сума", }
    ProblemAmountDecimals { en: "too many decimals", ru: "слишком много знаков после точки", be: "занадта шмат знакаў пасля кропкі", }
    ProblemAmountTooLarge { en: "amount too large", ru: "сумма слишком велика", be: "сума занадта вялікая", }
    ProblemCurrencyUnknown { en: "unknown currency", ru: "неизвестная валюта", be: "невядомая валюта", }
    ProblemAccountUnknown { en: "unknown account", ru: "неизвестный счёт", be: "невядомы рахунак", }
    ProblemCurrencyNotHeld { en: "currency not held by account", ru: "счёт не ведётся в этой валюте", be: "рахунак не вядзецца ў гэтай валюце", }
    ProblemReferenceMissing { en: "missing reference", ru: "нет номера платежа", be: "няма нумара плацяжу", }
    ProblemReferenceInvalid { en: "reference too long or has control characters", ru: "номер платежа слишком длинный или содержит управляющие символы", be: "нумар плацяжу занадта доўгі або змяшчае кіроўныя сімвалы", }
    ProblemCommitteeUnknown { en: "unknown committee", ru: "неизвестный комитет", be: "невядомы камітэт", }
    ProblemDonorInvalid { en: "donor name too long or has control characters", ru: "имя донора слишком длинное или содержит управляющие символы", be: "імя донара занадта доўгае або змяшчае кіроўныя сімвалы", }
    ProblemReferenceReused { en: "reference already used for a different donation", ru: "этот номер платежа уже использован для другого пожертвования", be: "гэты нумар плацяжу ўжо выкарыстаны для іншага ахвяравання", }

    // The public pages.
    PublicTitle { en: "Solidarity fund", ru: "Фонд солидарности", be: "Фонд салідарнасці", }
    WhereMoneyGoes { en: "Where the money goes", ru: "Куда идут деньги", be: "Куды ідуць грошы", }
    PublicLead { en: "Donations received, support paid to workers dismissed or repressed for striking, and what is still available. Recipients are shown by count only.", ru: "Полученные пожертвования, помощь, выплаченная работникам, уволенным или преследуемым за забастовку, и то, что ещё доступно. Получатели указаны только числом.", be: "Атрыманыя ахвяраванні, дапамога, выплачаная работнікам, звольненым або пераследаваным за забастоўку, і тое, што яшчэ даступна. Атрымальнікі пададзены толькі колькасцю.", }
    Totals { en: "Totals", ru: "Итоги", be: "Вынікі", }
    Raised { en: "Raised", ru: "Собрано", be: "Сабрана", }
    PaidOut { en: "Paid out", ru: "Выплачено", be: "Выплачана", }
    NoDonationsYet { en: "No donations recorded yet.", ru: "Пожертвований пока не записано.", be: "Ахвяраванняў пакуль не запісана.", }
    WorkersSupported { en: "Workers supported:", ru: "Работников, получивших помощь:", be: "Работнікаў, якія атрымалі дапамогу:", }
    MonthByMonth { en: "Month by month", ru: "По месяцам", be: "Па месяцах", }
    StrikeCommittees { en: "Strike committees", ru: "Забастовочные комитеты", be: "Страйкавыя камітэты", }
    CommitteesExplain { en: "Committees decide who receives support. A committee is listed by name once it has supported at least five workers; smaller committees, and those that asked not to be named, are counted together.", ru: "Комитеты решают, кто получает помощь. Комитет указан по названию, когда он поддержал не меньше пяти работников; меньшие комитеты и те, что попросили не называть их, учтены вместе.", be: "Камітэты вырашаюць, хто атрымлівае дапамогу. Камітэт пазначаны па назве, калі ён падтрымаў не менш за пяць работнікаў; меншыя камітэты і тыя, што папрасілі не называць іх, улічаны разам.", }
    OtherCommittees { en: "Other committees", ru: "Другие комитеты", be: "Іншыя камітэты", }
    TheBooks { en: "The books", ru: "Книги учёта", be: "Кнігі ўліку", }
    JournalHead { en: "Journal head: entry", ru: "Последняя запись журнала:", be: "Апошні запіс журнала:", }
    CheckpointCovers { en: "Latest signed checkpoint; entries it covers: {0}.", ru: "Последняя подписанная контрольная точка; охвачено записей: {0}.", be: "Апошні падпісаны кантрольны пункт; ахоплена запісаў: {0}.", }
    NoCheckpointYet { en: "No signed checkpoint yet.", ru: "Подписанной контрольной точки пока нет.", be: "Падпісанага кантрольнага пункта пакуль няма.", }
    PublicJournal { en: "Public journal (JSON lines)", ru: "Открытый журнал (JSON Lines)", be: "Адкрыты журнал (JSON Lines)", }
    VerifyIt { en: "Verify it:", ru: "Проверьте его:", be: "Праверце яго:", }
    CheckYourDonation { en: "Check your donation", ru: "Проверьте своё пожертвование", be: "Праверце сваё ахвяраванне", }
    ReceiptCode { en: "Receipt code", ru: "Код квитанции", be: "Код квітанцыі", }
    LookUp { en: "Look up", ru: "Найти", be: "Знайсці", }
    FooterChained { en: "Every entry is hash-chained.", ru: "Все записи связаны в цепочку хешей.", be: "Усе запісы звязаны ў ланцужок хэшаў.", }
    FooterDownload { en: "Download the public journal", ru: "Скачайте открытый журнал", be: "Спампуйце адкрыты журнал", }
    FooterVerify { en: "and verify it yourself.", ru: "и проверьте его сами.", be: "і праверце яго самі.", }
    ReceiptHeading { en: "Receipt {0}", ru: "Квитанция {0}", be: "Квітанцыя {0}", }
    ReceiptReversed { en: "This donation was reversed by journal entry {0}.", ru: "Это пожертвование сторнировано записью журнала {0}.", be: "Гэтае ахвяраванне сторнавана запісам журнала {0}.", }
    JournalEntry { en: "Journal entry", ru: "Запись журнала", be: "Запіс журнала", }
    EntryHash { en: "Entry hash", ru: "Хеш записи", be: "Хэш запісу", }
    CheckItYourself { en: "Check it yourself", ru: "Проверьте сами", be: "Праверце самі", }
    CheckpointCoveringEntry { en: "Signed checkpoint covering this entry:", ru: "Подписанная контрольная точка, охватывающая эту запись:", be: "Падпісаны кантрольны пункт, які ахоплівае гэты запіс:", }
    InclusionProof { en: "Inclusion proof:", ru: "Доказательство включения:", be: "Доказ уключэння:", }
    CheckItWith { en: "Check it with:", ru: "Проверьте его командой:", be: "Праверце яго камандай:", }
    NotCoveredYet { en: "No signed checkpoint covers this entry yet. Meanwhile, find entry {0} with this hash in the public journal.", ru: "Подписанная контрольная точка пока не охватывает эту запись. А пока найдите запись {0} с этим хешем в открытом журнале.", be: "Падпісаны кантрольны пункт пакуль не ахоплівае гэты запіс. А пакуль знайдзіце запіс {0} з гэтым хэшам у адкрытым журнале.", }
    ReceiptNotFound { en: "Receipt not found", ru: "Квитанция не найдена", be: "Квітанцыя не знойдзена", }
    ReceiptCodeShape { en: "A receipt code has 12 letters and digits, like 7F3K-92QX-M4TB.", ru: "Код квитанции состоит из 12 букв и цифр, например 7F3K-92QX-M4TB.", be: "Код квітанцыі складаецца з 12 літар і лічбаў, напрыклад 7F3K-92QX-M4TB.", }
    ReceiptUnknown { en: "No donation has this receipt code. Check it against your receipt.", ru: "Ни у одного пожертвования нет такого кода. Сверьте его с квитанцией.", be: "Ні ў аднаго ахвяравання няма такога кода. Звярыце яго з квітанцыяй.", }
    BackToTotals { en: "Back to the fund's totals", ru: "Вернуться к итогам фонда", be: "Вярнуцца да вынікаў фонду", }
    ChartTitle { en: "Donations and payouts per month, {0}", ru: "Пожертвования и выплаты по месяцам, {0}", be: "Ахвяраванні і выплаты па месяцах, {0}", }
    ChartDonated { en: "{0}: donated {1}", ru: "{0}: пожертвовано {1}", be: "{0}: ахвяравана {1}", }
    ChartPaid { en: "{0}: paid out {1}", ru: "{0}: выплачено {1}", be: "{0}: выплачана {1}", }
    ChartCaption { en: "per month:", ru: "по месяцам:", be: "па месяцах:", }
    ChartKeyDonated { en: "donated", ru: "пожертвовано", be: "ахвяравана", }
    ChartKeyPaid { en: "paid out", ru: "выплачено", be: "выплачана", }
    And { en: "and", ru: "и", be: "і", }
}
