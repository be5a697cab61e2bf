/**
 * What a notice says, in words: one small catalogue, per NoticeKind, for every channel (an email's subject and body,
 * a push notification's title and body, an SMS or LINE text). A resident reads it in the language they chose at the
 * kiosk or their phone (every resident language; やさしい日本語 reads the Japanese). A language added later and not yet
 * here falls back to English, which a foreign resident reads more often than Japanese. Placeholders: {number}, {ahead}, {counter}, {service}, {office}, {minutes}.
 *
 * The words hold no contact detail and no name: only what the ticket itself shows.
 */
import type { Language, LocalizedText, NoticeKind, NoticeMessage } from '@junban/protocol';

interface KindWords {
  /** An email's subject, a push notification's title: short. */
  subject: string;
  /** One or two sentences: what happened and what to do. */
  body: string;
}

interface LanguageWords {
  kinds: Record<NoticeKind, KindWords>;
  /** The line with the resident's status page, under the body. */
  link: string;
  /** The line with the booking's page, under a booking's reminder. */
  bookingLink: string;
  /** The line with the pick-up page, under "ready to collect". */
  pickupLink: string;
  /** Said for {counter} or {service} when the message has none. */
  someCounter: string;
  someService: string;
}

const catalogue: Partial<Record<Language, LanguageWords>> & Record<'ja' | 'en', LanguageWords> = {
  ja: {
    kinds: {
      ahead: {
        subject: 'まもなく順番です（{number}）',
        body: '{office}：番号 {number} の前にお待ちの方は {ahead} 人です。窓口の近くでお待ちください。',
      },
      called: {
        subject: '{number} 番の方、{counter} へお越しください',
        body: '{office}：番号 {number} をお呼びしました。{counter} へお越しください。',
      },
      step: {
        subject: '次の手続きへお進みください（{number}）',
        body: '{office}：番号 {number} の次の手続きは「{service}」です。呼び出しまでお待ちください。',
      },
      no_show_soon: {
        subject: 'まもなく不在扱いになります（{number}）',
        body: '{office}：番号 {number} をお呼びしましたが、お見えになりません。まもなく不在扱いとなりますので、{counter} へお急ぎください。',
      },
      check_in_soon: {
        subject: '受付をお済ませください（{number}）',
        body: '{office}：番号 {number} の到着期限まであと約 {minutes} 分です。庁舎の発券機で画面のコードを読み取り、受付をお済ませください。過ぎると順番は取り消されます。',
      },
      released: {
        subject: '順番を取り消しました（{number}）',
        body: '{office}：到着期限までに受付がなかったため、番号 {number} の順番を取り消しました。',
      },
      booking_tomorrow: {
        subject: '明日のご予約（{time}）',
        body: '{office}：「{service}」のご予約は {time} です。庁舎の発券機で予約コード {number} を読み取り、受付をしてください。リンクを開き、ひと押しで来庁のご連絡またはキャンセルができます。',
      },
      booking_soon: {
        subject: 'まもなくご予約の時間です（{time}）',
        body: '{office}：「{service}」のご予約は {time} です。お越しになったら発券機で予約コード {number} を読み取ってください。リンクを開き、ひと押しで来庁のご連絡またはキャンセルができます。',
      },
      card_ready: {
        subject: 'お受け取りの準備ができました（{number}）',
        body: '{office}：受付番号 {number} のカード・書類のお受け取りの準備ができました。受け取る庁舎と日時を予約してください（「{service}」）。',
      },
      documents_ready: {
        subject: '書類の準備ができました（{number}）',
        body: '{office}：番号 {number} の書類の準備ができました。{counter} へお越しください。',
      },
    },
    link: '順番の状況：{url}',
    bookingLink: 'ご予約の確認・変更・取消：{url}',
    pickupLink: '受け取りの予約：{url}',
    someCounter: '窓口',
    someService: '次の手続き',
  },
  en: {
    kinds: {
      ahead: {
        subject: 'Your turn is coming ({number})',
        body: '{office}: {ahead} people are ahead of number {number}. Please wait near the counters.',
      },
      called: {
        subject: 'Number {number}, please come to {counter}',
        body: '{office}: number {number} has been called. Please come to {counter}.',
      },
      step: {
        subject: 'On to your next step ({number})',
        body: '{office}: the next step for number {number} is "{service}". Please wait to be called.',
      },
      no_show_soon: {
        subject: 'You will soon be marked absent ({number})',
        body: '{office}: number {number} was called but has not come. It will soon be marked absent: please hurry to {counter}.',
      },
      check_in_soon: {
        subject: 'Please check in soon ({number})',
        body: '{office}: about {minutes} minutes left to check in number {number}. Show the code on your status page at the kiosk, or your place will be released.',
      },
      released: {
        subject: 'Your place was released ({number})',
        body: '{office}: number {number} did not check in by its arrive-by time, so its place was released.',
      },
      booking_tomorrow: {
        subject: 'Your booking tomorrow ({time})',
        body: '{office}: your booking for "{service}" is at {time}. At the kiosk, scan or type your booking code {number} to check in. Open the link to confirm you are coming, or to cancel, in one tap.',
      },
      booking_soon: {
        subject: 'Your booking is soon ({time})',
        body: '{office}: your booking for "{service}" is at {time}. When you arrive, scan or type your booking code {number} at the kiosk. Open the link to confirm you are coming, or to cancel, in one tap.',
      },
      card_ready: {
        subject: 'Ready to collect ({number})',
        body: '{office}: the card or document with reference {number} is ready to collect. Book a time at the office you choose ("{service}").',
      },
      documents_ready: {
        subject: 'Your documents are ready ({number})',
        body: '{office}: the documents for number {number} are ready. Please come to {counter}.',
      },
    },
    link: 'Your place in the queue: {url}',
    bookingLink: 'See, change or cancel your booking: {url}',
    pickupLink: 'Book a time to collect it: {url}',
    someCounter: 'the counter',
    someService: 'your next procedure',
  },
  zh: {
    kinds: {
      ahead: { subject: '即将轮到您（{number}）', body: '{office}：号码 {number} 前面还有 {ahead} 人。请在窗口附近等候。' },
      called: { subject: '{number} 号，请到{counter}', body: '{office}：已叫到号码 {number}。请到{counter}。' },
      step: { subject: '请进行下一个手续（{number}）', body: '{office}：号码 {number} 的下一个手续是“{service}”。请等候叫号。' },
      no_show_soon: { subject: '即将按未到处理（{number}）', body: '{office}：已叫到号码 {number}，但您尚未到场。即将按未到处理，请尽快到{counter}。' },
      check_in_soon: {
        subject: '请尽快办理签到（{number}）',
        body: '{office}：号码 {number} 距签到截止还有约 {minutes} 分钟。请在取号机上扫描页面上的代码完成签到，否则号码将被取消。',
      },
      released: { subject: '您的号码已取消（{number}）', body: '{office}：号码 {number} 未在截止时间前签到，号码已取消。' },
      booking_tomorrow: {
        subject: '明天的预约（{time}）',
        body: '{office}：您“{service}”的预约时间是 {time}。请在取号机上扫描或输入预约码 {number} 办理签到。打开链接即可一键确认到访或取消。',
      },
      booking_soon: {
        subject: '预约时间快到了（{time}）',
        body: '{office}：您“{service}”的预约时间是 {time}。到达后请在取号机上扫描或输入预约码 {number}。打开链接即可一键确认到访或取消。',
      },
      card_ready: { subject: '可以领取了（{number}）', body: '{office}：受理号码 {number} 的卡或文件已可领取。请预约领取的地点和时间（“{service}”）。' },
      documents_ready: { subject: '文件已准备好（{number}）', body: '{office}：号码 {number} 的文件已准备好。请到{counter}领取。' },
    },
    link: '排队情况：{url}',
    bookingLink: '查看、更改或取消预约：{url}',
    pickupLink: '预约领取时间：{url}',
    someCounter: '窗口',
    someService: '下一个手续',
  },
  ko: {
    kinds: {
      ahead: { subject: '곧 차례입니다 ({number})', body: '{office}: 번호 {number} 앞에 {ahead}명이 기다리고 있습니다. 창구 근처에서 기다려 주십시오.' },
      called: { subject: '{number}번, {counter}(으)로 와 주십시오', body: '{office}: 번호 {number}을(를) 호출했습니다. {counter}(으)로 와 주십시오.' },
      step: { subject: '다음 절차로 진행해 주십시오 ({number})', body: '{office}: 번호 {number}의 다음 절차는 "{service}"입니다. 호출을 기다려 주십시오.' },
      no_show_soon: {
        subject: '곧 부재 처리됩니다 ({number})',
        body: '{office}: 번호 {number}을(를) 호출했지만 오시지 않았습니다. 곧 부재 처리되니 {counter}(으)로 서둘러 와 주십시오.',
      },
      check_in_soon: {
        subject: '접수를 서둘러 주십시오 ({number})',
        body: '{office}: 번호 {number}의 도착 기한까지 약 {minutes}분 남았습니다. 발권기에서 화면의 코드를 읽혀 접수해 주십시오. 지나면 순번이 취소됩니다.',
      },
      released: { subject: '순번이 취소되었습니다 ({number})', body: '{office}: 도착 기한까지 접수하지 않아 번호 {number}의 순번이 취소되었습니다.' },
      booking_tomorrow: {
        subject: '내일 예약 ({time})',
        body: '{office}: "{service}" 예약은 {time}입니다. 발권기에서 예약 코드 {number}을(를) 읽히거나 입력해 접수해 주십시오. 링크를 열면 한 번에 방문 확인이나 취소를 할 수 있습니다.',
      },
      booking_soon: {
        subject: '곧 예약 시간입니다 ({time})',
        body: '{office}: "{service}" 예약은 {time}입니다. 도착하시면 발권기에서 예약 코드 {number}을(를) 읽혀 주십시오. 링크를 열면 한 번에 방문 확인이나 취소를 할 수 있습니다.',
      },
      card_ready: {
        subject: '수령 준비가 되었습니다 ({number})',
        body: '{office}: 접수 번호 {number}의 카드·서류 수령 준비가 되었습니다. 수령할 청사와 시간을 예약해 주십시오("{service}").',
      },
      documents_ready: { subject: '서류가 준비되었습니다 ({number})', body: '{office}: 번호 {number}의 서류가 준비되었습니다. {counter}(으)로 와 주십시오.' },
    },
    link: '순번 상황: {url}',
    bookingLink: '예약 확인·변경·취소: {url}',
    pickupLink: '수령 예약: {url}',
    someCounter: '창구',
    someService: '다음 절차',
  },
  vi: {
    kinds: {
      ahead: { subject: 'Sắp đến lượt bạn ({number})', body: '{office}: còn {ahead} người trước số {number}. Vui lòng chờ gần quầy.' },
      called: { subject: 'Số {number}, mời đến {counter}', body: '{office}: đã gọi số {number}. Vui lòng đến {counter}.' },
      step: { subject: 'Mời sang thủ tục tiếp theo ({number})', body: '{office}: thủ tục tiếp theo của số {number} là "{service}". Vui lòng chờ được gọi.' },
      no_show_soon: {
        subject: 'Sắp bị tính là vắng mặt ({number})',
        body: '{office}: đã gọi số {number} nhưng bạn chưa đến. Sắp bị tính là vắng mặt: vui lòng nhanh chóng đến {counter}.',
      },
      check_in_soon: {
        subject: 'Vui lòng làm thủ tục đến sớm ({number})',
        body: '{office}: còn khoảng {minutes} phút để xác nhận đến cho số {number}. Hãy quét mã trên trang của bạn tại máy lấy số, nếu không chỗ của bạn sẽ bị hủy.',
      },
      released: { subject: 'Chỗ của bạn đã bị hủy ({number})', body: '{office}: số {number} không xác nhận đến trước hạn nên chỗ đã bị hủy.' },
      booking_tomorrow: {
        subject: 'Lịch hẹn ngày mai ({time})',
        body: '{office}: lịch hẹn "{service}" của bạn lúc {time}. Tại máy lấy số, hãy quét hoặc nhập mã hẹn {number} để làm thủ tục. Mở liên kết để xác nhận sẽ đến hoặc hủy chỉ với một chạm.',
      },
      booking_soon: {
        subject: 'Sắp đến giờ hẹn ({time})',
        body: '{office}: lịch hẹn "{service}" của bạn lúc {time}. Khi đến, hãy quét hoặc nhập mã hẹn {number} tại máy lấy số. Mở liên kết để xác nhận sẽ đến hoặc hủy chỉ với một chạm.',
      },
      card_ready: {
        subject: 'Đã sẵn sàng để nhận ({number})',
        body: '{office}: thẻ hoặc giấy tờ có số tiếp nhận {number} đã sẵn sàng để nhận. Hãy đặt lịch tại cơ quan bạn chọn ("{service}").',
      },
      documents_ready: { subject: 'Giấy tờ đã sẵn sàng ({number})', body: '{office}: giấy tờ của số {number} đã sẵn sàng. Vui lòng đến {counter}.' },
    },
    link: 'Tình trạng lượt của bạn: {url}',
    bookingLink: 'Xem, đổi hoặc hủy lịch hẹn: {url}',
    pickupLink: 'Đặt lịch nhận: {url}',
    someCounter: 'quầy',
    someService: 'thủ tục tiếp theo',
  },
  pt: {
    kinds: {
      ahead: { subject: 'Sua vez está chegando ({number})', body: '{office}: há {ahead} pessoas antes do número {number}. Aguarde perto dos guichês.' },
      called: { subject: 'Número {number}, dirija-se ao {counter}', body: '{office}: o número {number} foi chamado. Dirija-se ao {counter}.' },
      step: { subject: 'Siga para a próxima etapa ({number})', body: '{office}: a próxima etapa do número {number} é "{service}". Aguarde ser chamado.' },
      no_show_soon: {
        subject: 'Em breve será marcado como ausente ({number})',
        body: '{office}: o número {number} foi chamado, mas não compareceu. Em breve será marcado como ausente: dirija-se depressa ao {counter}.',
      },
      check_in_soon: {
        subject: 'Faça o check-in em breve ({number})',
        body: '{office}: faltam cerca de {minutes} minutos para o check-in do número {number}. Mostre o código da sua página no totem, senão seu lugar será liberado.',
      },
      released: { subject: 'Seu lugar foi liberado ({number})', body: '{office}: o número {number} não fez o check-in no prazo, e o lugar foi liberado.' },
      booking_tomorrow: {
        subject: 'Seu agendamento amanhã ({time})',
        body: '{office}: seu agendamento para "{service}" é às {time}. No totem, leia ou digite o código {number} para fazer o check-in. Abra o link para confirmar que vem, ou cancelar, com um toque.',
      },
      booking_soon: {
        subject: 'Seu agendamento é em breve ({time})',
        body: '{office}: seu agendamento para "{service}" é às {time}. Ao chegar, leia ou digite o código {number} no totem. Abra o link para confirmar que vem, ou cancelar, com um toque.',
      },
      card_ready: {
        subject: 'Pronto para retirar ({number})',
        body: '{office}: o cartão ou documento com referência {number} está pronto para retirar. Agende um horário no posto que preferir ("{service}").',
      },
      documents_ready: {
        subject: 'Os seus documentos estão prontos ({number})',
        body: '{office}: os documentos do número {number} estão prontos. Dirija-se ao {counter}.',
      },
    },
    link: 'Sua posição na fila: {url}',
    bookingLink: 'Ver, alterar ou cancelar o agendamento: {url}',
    pickupLink: 'Agendar a retirada: {url}',
    someCounter: 'o guichê',
    someService: 'a próxima etapa',
  },
  tl: {
    kinds: {
      ahead: {
        subject: 'Malapit na ang inyong turno ({number})',
        body: '{office}: may {ahead} tao pa bago ang numero {number}. Maghintay po malapit sa mga counter.',
      },
      called: { subject: 'Numero {number}, pumunta po sa {counter}', body: '{office}: tinawag na ang numero {number}. Pumunta po sa {counter}.' },
      step: {
        subject: 'Tumuloy sa susunod na hakbang ({number})',
        body: '{office}: ang susunod na hakbang ng numero {number} ay "{service}". Hintayin pong tawagin.',
      },
      no_show_soon: {
        subject: 'Malapit nang ituring na wala ({number})',
        body: '{office}: tinawag ang numero {number} pero hindi pa dumarating. Malapit na itong ituring na wala: magmadali po sa {counter}.',
      },
      check_in_soon: {
        subject: 'Mag-check in po agad ({number})',
        body: '{office}: mga {minutes} minuto na lang para mag-check in ang numero {number}. Ipakita ang code sa inyong pahina sa kiosk, o mawawala ang inyong puwesto.',
      },
      released: {
        subject: 'Nawala ang inyong puwesto ({number})',
        body: '{office}: hindi nag-check in ang numero {number} sa takdang oras, kaya nawala ang puwesto.',
      },
      booking_tomorrow: {
        subject: 'Ang inyong booking bukas ({time})',
        body: '{office}: ang booking ninyo para sa "{service}" ay sa {time}. Sa kiosk, i-scan o i-type ang booking code {number} para mag-check in. Buksan ang link para kumpirmahing darating kayo, o kanselahin, sa isang pindot.',
      },
      booking_soon: {
        subject: 'Malapit na ang inyong booking ({time})',
        body: '{office}: ang booking ninyo para sa "{service}" ay sa {time}. Pagdating, i-scan o i-type ang booking code {number} sa kiosk. Buksan ang link para kumpirmahing darating kayo, o kanselahin, sa isang pindot.',
      },
      card_ready: {
        subject: 'Handa nang kunin ({number})',
        body: '{office}: handa nang kunin ang card o dokumento na may reference na {number}. Mag-book ng oras sa opisinang pipiliin ninyo ("{service}").',
      },
      documents_ready: {
        subject: 'Handa na ang inyong mga dokumento ({number})',
        body: '{office}: handa na ang mga dokumento ng numero {number}. Pumunta po sa {counter}.',
      },
    },
    link: 'Ang inyong puwesto sa pila: {url}',
    bookingLink: 'Tingnan, baguhin o kanselahin ang booking: {url}',
    pickupLink: 'Mag-book ng oras ng pagkuha: {url}',
    someCounter: 'ang counter',
    someService: 'ang susunod na proseso',
  },
  ne: {
    kinds: {
      ahead: { subject: 'तपाईंको पालो नजिकिँदैछ ({number})', body: '{office}: नम्बर {number} भन्दा अगाडि {ahead} जना छन्। कृपया काउन्टर नजिकै पर्खनुहोस्।' },
      called: { subject: 'नम्बर {number}, कृपया {counter} मा आउनुहोस्', body: '{office}: नम्बर {number} बोलाइयो। कृपया {counter} मा आउनुहोस्।' },
      step: { subject: 'अर्को चरणमा जानुहोस् ({number})', body: '{office}: नम्बर {number} को अर्को चरण "{service}" हो। बोलाइन्जेल पर्खनुहोस्।' },
      no_show_soon: {
        subject: 'चाँडै अनुपस्थित मानिनेछ ({number})',
        body: '{office}: नम्बर {number} बोलाइएको थियो तर आउनुभएन। चाँडै अनुपस्थित मानिनेछ: कृपया छिटो {counter} मा आउनुहोस्।',
      },
      check_in_soon: {
        subject: 'कृपया चाँडै चेक-इन गर्नुहोस् ({number})',
        body: '{office}: नम्बर {number} को चेक-इन गर्न करिब {minutes} मिनेट बाँकी छ। किओस्कमा तपाईंको पेजको कोड देखाउनुहोस्, नत्र तपाईंको ठाउँ रद्द हुनेछ।',
      },
      released: { subject: 'तपाईंको ठाउँ रद्द भयो ({number})', body: '{office}: नम्बर {number} ले समयमै चेक-इन नगरेकाले ठाउँ रद्द गरियो।' },
      booking_tomorrow: {
        subject: 'भोलिको बुकिङ ({time})',
        body: '{office}: "{service}" को तपाईंको बुकिङ {time} मा छ। किओस्कमा बुकिङ कोड {number} स्क्यान वा टाइप गरेर चेक-इन गर्नुहोस्। आउने पक्का गर्न वा रद्द गर्न लिङ्क खोलेर एक पटक थिच्नुहोस्।',
      },
      booking_soon: {
        subject: 'बुकिङको समय नजिकियो ({time})',
        body: '{office}: "{service}" को तपाईंको बुकिङ {time} मा छ। आइपुगेपछि किओस्कमा बुकिङ कोड {number} स्क्यान वा टाइप गर्नुहोस्। आउने पक्का गर्न वा रद्द गर्न लिङ्क खोलेर एक पटक थिच्नुहोस्।',
      },
      card_ready: {
        subject: 'लिन तयार छ ({number})',
        body: '{office}: सन्दर्भ नम्बर {number} को कार्ड वा कागजात लिन तयार छ। तपाईंले रोजेको कार्यालयमा समय बुक गर्नुहोस् ("{service}")।',
      },
      documents_ready: { subject: 'तपाईंका कागजात तयार छन् ({number})', body: '{office}: नम्बर {number} का कागजात तयार छन्। कृपया {counter} मा आउनुहोस्।' },
    },
    link: 'लाइनमा तपाईंको स्थान: {url}',
    bookingLink: 'बुकिङ हेर्नुहोस्, बदल्नुहोस् वा रद्द गर्नुहोस्: {url}',
    pickupLink: 'लिने समय बुक गर्नुहोस्: {url}',
    someCounter: 'काउन्टर',
    someService: 'अर्को प्रक्रिया',
  },
  id: {
    kinds: {
      ahead: { subject: 'Giliran Anda segera tiba ({number})', body: '{office}: ada {ahead} orang sebelum nomor {number}. Silakan menunggu di dekat loket.' },
      called: { subject: 'Nomor {number}, silakan ke {counter}', body: '{office}: nomor {number} telah dipanggil. Silakan ke {counter}.' },
      step: {
        subject: 'Lanjut ke tahap berikutnya ({number})',
        body: '{office}: tahap berikutnya untuk nomor {number} adalah "{service}". Silakan tunggu dipanggil.',
      },
      no_show_soon: {
        subject: 'Segera dianggap tidak hadir ({number})',
        body: '{office}: nomor {number} telah dipanggil tetapi belum datang. Segera dianggap tidak hadir: silakan bergegas ke {counter}.',
      },
      check_in_soon: {
        subject: 'Silakan segera check-in ({number})',
        body: '{office}: sekitar {minutes} menit lagi untuk check-in nomor {number}. Tunjukkan kode di halaman Anda pada kios, atau tempat Anda akan dilepas.',
      },
      released: { subject: 'Tempat Anda dilepas ({number})', body: '{office}: nomor {number} tidak check-in tepat waktu, sehingga tempatnya dilepas.' },
      booking_tomorrow: {
        subject: 'Janji Anda besok ({time})',
        body: '{office}: janji Anda untuk "{service}" pukul {time}. Di kios, pindai atau ketik kode janji {number} untuk check-in. Buka tautan untuk mengonfirmasi kedatangan, atau membatalkan, dengan satu sentuhan.',
      },
      booking_soon: {
        subject: 'Janji Anda segera tiba ({time})',
        body: '{office}: janji Anda untuk "{service}" pukul {time}. Saat tiba, pindai atau ketik kode janji {number} di kios. Buka tautan untuk mengonfirmasi kedatangan, atau membatalkan, dengan satu sentuhan.',
      },
      card_ready: {
        subject: 'Siap diambil ({number})',
        body: '{office}: kartu atau dokumen dengan nomor referensi {number} siap diambil. Pesan waktu di kantor pilihan Anda ("{service}").',
      },
      documents_ready: { subject: 'Dokumen Anda sudah siap ({number})', body: '{office}: dokumen untuk nomor {number} sudah siap. Silakan ke {counter}.' },
    },
    link: 'Posisi Anda dalam antrean: {url}',
    bookingLink: 'Lihat, ubah, atau batalkan janji: {url}',
    pickupLink: 'Pesan waktu pengambilan: {url}',
    someCounter: 'loket',
    someService: 'prosedur berikutnya',
  },
  th: {
    kinds: {
      ahead: { subject: 'ใกล้ถึงคิวของคุณแล้ว ({number})', body: '{office}: มีผู้รอก่อนหมายเลข {number} อีก {ahead} คน กรุณารอใกล้ช่องบริการ' },
      called: { subject: 'หมายเลข {number} เชิญที่{counter}', body: '{office}: เรียกหมายเลข {number} แล้ว เชิญที่{counter}' },
      step: { subject: 'เชิญไปยังขั้นตอนถัดไป ({number})', body: '{office}: ขั้นตอนถัดไปของหมายเลข {number} คือ "{service}" กรุณารอเรียก' },
      no_show_soon: { subject: 'ใกล้ถูกบันทึกว่าไม่มา ({number})', body: '{office}: เรียกหมายเลข {number} แล้วแต่ยังไม่มา จะถูกบันทึกว่าไม่มาในไม่ช้า กรุณารีบไปที่{counter}' },
      check_in_soon: {
        subject: 'กรุณาเช็กอินโดยเร็ว ({number})',
        body: '{office}: เหลือเวลาประมาณ {minutes} นาทีในการเช็กอินหมายเลข {number} แสดงรหัสในหน้าของคุณที่ตู้ออกบัตรคิว มิฉะนั้นคิวของคุณจะถูกยกเลิก',
      },
      released: { subject: 'คิวของคุณถูกยกเลิก ({number})', body: '{office}: หมายเลข {number} ไม่ได้เช็กอินภายในเวลาที่กำหนด จึงถูกยกเลิก' },
      booking_tomorrow: {
        subject: 'การจองของคุณพรุ่งนี้ ({time})',
        body: '{office}: การจอง "{service}" ของคุณเวลา {time} ที่ตู้ออกบัตรคิว สแกนหรือพิมพ์รหัสจอง {number} เพื่อเช็กอิน เปิดลิงก์เพื่อยืนยันว่าจะมาหรือยกเลิกได้ในแตะเดียว',
      },
      booking_soon: {
        subject: 'ใกล้ถึงเวลาจองแล้ว ({time})',
        body: '{office}: การจอง "{service}" ของคุณเวลา {time} เมื่อมาถึง สแกนหรือพิมพ์รหัสจอง {number} ที่ตู้ออกบัตรคิว เปิดลิงก์เพื่อยืนยันว่าจะมาหรือยกเลิกได้ในแตะเดียว',
      },
      card_ready: {
        subject: 'พร้อมให้รับแล้ว ({number})',
        body: '{office}: บัตรหรือเอกสารหมายเลขอ้างอิง {number} พร้อมให้รับแล้ว กรุณาจองเวลาที่สำนักงานที่คุณเลือก ("{service}")',
      },
      documents_ready: { subject: 'เอกสารของคุณพร้อมแล้ว ({number})', body: '{office}: เอกสารของหมายเลข {number} พร้อมแล้ว เชิญที่{counter}' },
    },
    link: 'ลำดับคิวของคุณ: {url}',
    bookingLink: 'ดู เปลี่ยน หรือยกเลิกการจอง: {url}',
    pickupLink: 'จองเวลารับ: {url}',
    someCounter: 'ช่องบริการ',
    someService: 'ขั้นตอนถัดไป',
  },
};

export interface NoticeWords {
  subject: string;
  /** The body alone, without the link. */
  body: string;
  /** The body and the status link on a line of its own: what a plain-text channel (email, SMS, LINE) sends. */
  text: string;
}

/**
 * The notice in the resident's language: English when the catalogue lacks it, but Japanese for やさしい日本語, whose
 * reader reads Japanese better than English.
 */
export function noticeWords(message: NoticeMessage): NoticeWords {
  const words = catalogue[message.language] ?? (message.language === 'ja-x-easy' ? catalogue.ja : catalogue.en);
  const kind = words.kinds[message.kind];
  const values: Record<string, string> = {
    number: message.number,
    ahead: String(message.ahead ?? ''),
    minutes: String(message.minutes ?? ''),
    time: message.time ?? '',
    counter: message.counter ? localized(message.counter, message.language) : words.someCounter,
    service: message.service ? localized(message.service, message.language) : words.someService,
    office: localized(message.office, message.language),
    url: message.statusUrl,
  };
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
  const body = fill(kind.body);
  const link = message.kind === 'card_ready' ? words.pickupLink : message.kind.startsWith('booking_') ? words.bookingLink : words.link;
  return { subject: fill(kind.subject), body, text: `${body}\n${fill(link)}` };
}

/** A name (office, counter, procedure) in the resident's language, else English (Japanese for a reader of やさしい日本語). */
export function localized(text: LocalizedText, language: Language): string {
  return text[language] ?? (language === 'ja-x-easy' ? text.ja : text.en);
}
