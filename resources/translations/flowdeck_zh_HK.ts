<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_HK">
<context>
    <name>AlertCenter</name>
    <message>
        <source>Alerts could not be written to the alert log: {error}. They are kept in memory and written as soon as the disk accepts them.</source>
        <translation>提醒無法寫入提醒記錄：{error}。它們暫存在記憶體中，磁碟恢復可寫後會立即寫入。</translation>
    </message>
</context>
<context>
    <name>AlertLogDock</name>
    <message>
        <source>Alert log</source>
        <extracomment>Columns sized to their text; the others are elided and have tooltips.</extracomment>
        <translation>提醒記錄</translation>
    </message>
    <message>
        <source>Filter by code or rule</source>
        <translation>按代碼或規則篩選</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear this view only: the alert log file on disk keeps every alert</source>
        <translation>只清除此檢視：磁碟上的提醒記錄檔案會保留所有提醒</translation>
    </message>
</context>
<context>
    <name>AlertLogModel</name>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Fired at {fired} (this computer&apos;s clock)
Exchange time of the record that fired it: {time}</source>
        <translation>觸發於 {fired}（本機時間）
觸發這條提示的記錄的交易所時間：{time}</translation>
    </message>
    <message>
        <source>At {fired} (this computer&apos;s clock)</source>
        <extracomment>Rows kept in memory; the oldest go first. The file on disk keeps them all. A role answering &quot;code, then rule text&quot;: the dock&apos;s filter matches either.</extracomment>
        <translation>於 {fired}（本機時間）</translation>
    </message>
</context>
<context>
    <name>AlertMenu</name>
    <message>
        <source>Alert for {code}…</source>
        <translation>為 {code} 設定提醒…</translation>
    </message>
    <message>
        <source>Alert when {field} {op} …</source>
        <translation>當 {field} {op} … 時提醒</translation>
    </message>
    <message>
        <source>Alert on a big trade of {code}…</source>
        <translation>為 {code} 的單筆大單提醒…</translation>
    </message>
</context>
<context>
    <name>AlertText</name>
    <message>
        <source>crosses</source>
        <translation>穿越</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>買入</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>賣出</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>crossed above</source>
        <translation>上穿</translation>
    </message>
    <message>
        <source>crossed below</source>
        <translation>下穿</translation>
    </message>
    <message>
        <source>{side} {quantity} @ {price} = {value} at {time}</source>
        <translation>{side} {quantity} @ {price} = {value}，{time}</translation>
    </message>
    <message>
        <source>{value} at {time}</source>
        <translation>{time} 時為 {value}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 且 </translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Dismiss</source>
        <extracomment>Filled from the theme&apos;s colours of the banner&apos;s level (Theme.banner). A banner&apos;s text, or a function giving it in the language spoken when it is called (such a banner follows a language switch; a plain text stays as it was).</extracomment>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>CellFormat</name>
    <message>
        <source>pre-open</source>
        <translation>未開市</translation>
    </message>
    <message>
        <source>open</source>
        <translation>交易中</translation>
    </message>
    <message>
        <source>lunch break</source>
        <translation>午間休市</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已收市</translation>
    </message>
    <message>
        <source>{code}: error {number}: {message}</source>
        <translation>{code}：錯誤 {number}：{message}</translation>
    </message>
    <message>
        <source>{market} {state}; last update {time}</source>
        <translation>{market} {state}；最後更新 {time}</translation>
    </message>
    <message>
        <source>last update {time}</source>
        <translation>最後更新 {time}</translation>
    </message>
    <message>
        <source>stale: no update for more than {seconds} s while {market} is open</source>
        <translation>數據過時：{market} 交易中，但已超過 {seconds} 秒未有更新</translation>
    </message>
    <message>
        <source>previous close {price}</source>
        <translation>昨收 {price}</translation>
    </message>
    <message>
        <source>last trade {time}</source>
        <translation>最後成交 {time}</translation>
    </message>
    <message>
        <source>no flow history: the archive is not open</source>
        <translation>暫無資金流歷史：歷史庫未打開</translation>
    </message>
    <message>
        <source>{days} trading days of main inflow in a row</source>
        <translation>主力連續 {days} 個交易日淨流入</translation>
    </message>
    <message>
        <source>{days} trading days of main outflow in a row</source>
        <translation>主力連續 {days} 個交易日淨流出</translation>
    </message>
    <message>
        <source>ratio unknown: a day of the window has no known turnover</source>
        <translation>佔比未知：區間內有一天的成交額未知</translation>
    </message>
    <message>
        <source>{known} of {days} trading days archived</source>
        <translation>{days} 個交易日中已存檔 {known} 個</translation>
    </message>
</context>
<context>
    <name>ChannelEditDialog</name>
    <message>
        <source>Alert channel</source>
        <translation>提醒渠道</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>On</source>
        <translation>啟用</translation>
    </message>
    <message>
        <source>Messages a minute at most</source>
        <translation>每分鐘最多訊息數</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Secrets are stored in the keyring ({backend}).</source>
        <translation>密鑰儲存在系統鑰匙圈（{backend}）中。</translation>
    </message>
    <message>
        <source>No keyring is available: secrets are stored in {path} (readable only by you, not encrypted).</source>
        <translation>沒有可用的鑰匙圈：密鑰儲存在 {path}（僅您本人可讀，但未加密）。</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>stored in the secrets file (no keyring); type to replace</source>
        <translation>已儲存在密鑰檔案中（無鑰匙圈）；輸入新值即取代</translation>
    </message>
    <message>
        <source>stored in the keyring; type to replace</source>
        <translation>已儲存在鑰匙圈中；輸入新值即取代</translation>
    </message>
    <message>
        <source>A channel named {name} exists already.</source>
        <translation>已有名為 {name} 的渠道。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>網址</translation>
    </message>
    <message>
        <source>Signing secret (HMAC)</source>
        <translation>簽名密鑰（HMAC）</translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation>加簽密鑰</translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation>機械人權杖</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Headers (JSON)</source>
        <translation>請求標頭（JSON）</translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation>逾時（秒）</translation>
    </message>
    <message>
        <source>Mention (user IDs)</source>
        <translation>提及成員（用戶 ID）</translation>
    </message>
    <message>
        <source>Mention everyone</source>
        <translation>@所有人</translation>
    </message>
    <message>
        <source>Mention (mobile numbers)</source>
        <translation>提及成員（手機號碼）</translation>
    </message>
    <message>
        <source>Chat ID</source>
        <translation>聊天 ID</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>API 基礎網址</translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation>SMTP 伺服器</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>連接埠</translation>
    </message>
    <message>
        <source>Security (starttls, tls, none)</source>
        <translation>加密方式（starttls、tls、none）</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用戶名稱</translation>
    </message>
    <message>
        <source>From</source>
        <translation>寄件人</translation>
    </message>
    <message>
        <source>To (comma-separated)</source>
        <translation>收件人（逗號分隔）</translation>
    </message>
</context>
<context>
    <name>ChannelsModel</name>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待發送</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Not usable: {why}</source>
        <translation>無法使用：{why}</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未運行</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>OK, last sent {time}</source>
        <translation>正常，最近發送於 {time}</translation>
    </message>
    <message>
        <source>Failing since {time}: {error}</source>
        <translation>自 {time} 起發送失敗：{error}</translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編輯…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Send test message</source>
        <translation>發送測試訊息</translation>
    </message>
    <message>
        <source>No keyring is available: the channels&apos; secrets are kept in {path}, readable only by you but not encrypted. Install a keyring (GNOME Keyring, KWallet) to keep them encrypted.</source>
        <translation>沒有可用的鑰匙圈：渠道的密鑰儲存在 {path}，僅您本人可讀，但未加密。安裝鑰匙圈（GNOME Keyring、KWallet）即可加密儲存。</translation>
    </message>
    <message>
        <source>Not valid, kept in the settings file as written: {problems}</source>
        <translation>以下項目無效，已按原樣保留在設定檔中：{problems}</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>刪除渠道</translation>
    </message>
    <message>
        <source>Remove channel {name} and its secrets? Rules that name it will alert on the tray only.</source>
        <translation>刪除渠道 {name} 及其密鑰？引用它的規則將只在系統匣提醒。</translation>
    </message>
    <message>
        <source>Sending a test message to {name}…</source>
        <translation>正在向 {name} 發送測試訊息…</translation>
    </message>
    <message>
        <source>Delivered to {name}. The provider answered: {answer}</source>
        <translation>已送達 {name}。服務方回覆：{answer}</translation>
    </message>
    <message>
        <source>Not delivered to {name}: {error}</source>
        <translation>未能送達 {name}：{error}</translation>
    </message>
</context>
<context>
    <name>ConditionsBox</name>
    <message>
        <source>and</source>
        <translation>且</translation>
    </message>
    <message>
        <source>band</source>
        <translation>回差</translation>
    </message>
    <message>
        <source>After firing, this condition must clear by this much before the rule can fire again</source>
        <translation>觸發後，此條件須回落超過該幅度，規則才能再次觸發</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add a condition (and)</source>
        <translation>新增條件（且）</translation>
    </message>
    <message>
        <source>Fire only when every condition holds for the code at the same time</source>
        <translation>僅當該代碼的所有條件同時成立時觸發</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>FlowDeck: unexpected error</source>
        <translation>FlowDeck：意外錯誤</translation>
    </message>
    <message>
        <source>FlowDeck keeps running. Every error is written to
{path}</source>
        <translation>FlowDeck 仍在運行。所有錯誤都會寫入
{path}</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>複製詳細資料</translation>
    </message>
    <message>
        <source>{n} more error(s) since; see the log.</source>
        <translation>此後又出現 {n} 個錯誤，詳見日誌。</translation>
    </message>
</context>
<context>
    <name>CurrencySettings</name>
    <message>
        <source>Amount columns over several currencies sort by their value in this currency, and rules can compare in it</source>
        <translation>多種貨幣的金額欄按折合成此貨幣的價值排序，提醒規則也可按此貨幣比較</translation>
    </message>
    <message>
        <source>1 {currency} =</source>
        <translation>1 {currency} =</translation>
    </message>
    <message>
        <source>no rate</source>
        <translation>無匯率</translation>
    </message>
    <message>
        <source>user</source>
        <comment>a rate&apos;s source: typed in by the user</comment>
        <translation>手動輸入</translation>
    </message>
    <message>
        <source>{base} ({source})</source>
        <translation>{base}（{source}）</translation>
    </message>
</context>
<context>
    <name>DaySwitch</name>
    <message>
        <source>Today · live</source>
        <translation>今日 · 實時</translation>
    </message>
    <message>
        <source>{0} · not archived</source>
        <translation>{0} · 未存檔</translation>
    </message>
    <message>
        <source>{0} · close</source>
        <translation>{0} · 收市</translation>
    </message>
    <message>
        <source>{0} · archived before the close</source>
        <translation>{0} · 收市前存檔</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Back to {0}</source>
        <translation>回到 {0}</translation>
    </message>
    <message>
        <source>Chart the live day again</source>
        <translation>重新顯示今日實時走勢</translation>
    </message>
    <message>
        <source>Chart the day the window shows again</source>
        <translation>重新顯示視窗所示的那一天</translation>
    </message>
</context>
<context>
    <name>DaysView</name>
    <message>
        <source>{0}D</source>
        <extracomment>Calendar days read back from the end for the longest range (250 trading days with holidays and weekends fit).</extracomment>
        <translation>{0}日</translation>
    </message>
    <message>
        <source>The last {0} archived trading days</source>
        <translation>最近 {0} 個已存檔交易日</translation>
    </message>
    <message>
        <source>Which net inflow the bars show</source>
        <translation>棒形圖顯示哪一檔的淨流入</translation>
    </message>
    <message>
        <source>No flow archive is open: past days are not kept for this source.</source>
        <translation>未開啟資金流存檔：此數據源不保存歷史日。</translation>
    </message>
    <message>
        <source>No past days archived for {code}. File &gt; Fill past days… or `flowdeck backfill {code}` fills them.</source>
        <translation>{code} 沒有已存檔的歷史日。可用 檔案 &gt; 補全歷史日… 或 `flowdeck backfill {code}` 補全。</translation>
    </message>
    <message>
        <source>{0} net</source>
        <translation>{0}淨流入</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>佔比</translation>
    </message>
    <message>
        <source>today so far</source>
        <translation>今日至今</translation>
    </message>
</context>
<context>
    <name>DeliveryBox</name>
    <message>
        <source>At most once a day for each code</source>
        <translation>每個代碼每天最多一次</translation>
    </message>
    <message>
        <source>Besides the cooldown: after it fires for a code, not again that exchange day</source>
        <translation>冷卻之外：對某代碼觸發後，該交易日內不再觸發</translation>
    </message>
    <message>
        <source>Expires after</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>After this day the rule stays silent</source>
        <translation>過了這一天，規則不再觸發</translation>
    </message>
    <message>
        <source>{name} (not in Settings &gt; Channels)</source>
        <translation>{name}（不在 設定 &gt; 渠道 中）</translation>
    </message>
    <message>
        <source>The tray always; also to the channels ticked:</source>
        <translation>總會顯示在系統匣；另發送到勾選的渠道：</translation>
    </message>
    <message>
        <source>The tray only: add channels (WeCom, DingTalk, e-mail…) in Settings &gt; Channels.</source>
        <translation>僅系統匣：可在 設定 &gt; 渠道 中新增渠道（企業微信、釘釘、郵件…）。</translation>
    </message>
</context>
<context>
    <name>DetailDock</name>
    <message>
        <source>Inflow</source>
        <translation>流入</translation>
    </message>
    <message>
        <source>Outflow</source>
        <translation>流出</translation>
    </message>
    <message>
        <source>Detail</source>
        <extracomment>The legend&apos;s row under the time axis in the plot item&apos;s grid (0 title, 1 top axis, 2 plot, 3 time axis).</extracomment>
        <translation>詳情</translation>
    </message>
    <message>
        <source>Detail — {0} ({1})</source>
        <translation>詳情 — {0}（{1}）</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流入流出</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日線</translation>
    </message>
    <message>
        <source>Daily net inflow from the archive; click a day to chart it</source>
        <translation>存檔中的每日淨流入；點擊某日查看當日走勢</translation>
    </message>
    <message>
        <source>Not archived for {0}</source>
        <extracomment>`_drawn_version` once an archived day is drawn (no history version is negative).</extracomment>
        <translation>{0} 未存檔</translation>
    </message>
    <message>
        <source>No minute series archived (daily numbers only)</source>
        <translation>未存檔分鐘序列（僅有日數據）</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>價格</translation>
    </message>
</context>
<context>
    <name>DetailTape</name>
    <message>
        <source>Trades</source>
        <translation>大單</translation>
    </message>
    <message>
        <source>The stock&apos;s big trades today, newest first</source>
        <translation>該股今日的大單，最新在前</translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <source>Watchlist: details</source>
        <translation>自選股：詳情</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>stock code must be a string, got {text}</source>
        <translation>股票代碼必須是文字，收到的是 {text}</translation>
    </message>
    <message>
        <source>invalid stock code {text}: codes are ASCII letters, digits and dots, such as HK.00700</source>
        <translation>股票代碼 {text} 無效：代碼只能由英文字母、數字和點組成，例如 HK.00700</translation>
    </message>
    <message>
        <source>invalid stock code {text}: expected MARKET.SYMBOL such as HK.00700</source>
        <translation>股票代碼 {text} 無效：格式應為 市場.代碼，例如 HK.00700</translation>
    </message>
    <message>
        <source>invalid stock code {text}: HK symbols are 1-5 digits</source>
        <translation>股票代碼 {text} 無效：港股代碼為 1-5 位數字</translation>
    </message>
    <message>
        <source>invalid stock code {text}: US tickers are 1-6 letters with an optional class suffix such as .B</source>
        <translation>股票代碼 {text} 無效：美股代碼為 1-6 個字母，可帶類別後綴，例如 .B</translation>
    </message>
    <message>
        <source>invalid stock code {text}: SH symbols are exactly 6 digits</source>
        <translation>股票代碼 {text} 無效：滬市代碼為 6 位數字</translation>
    </message>
    <message>
        <source>invalid stock code {text}: SZ symbols are exactly 6 digits</source>
        <translation>股票代碼 {text} 無效：深市代碼為 6 位數字</translation>
    </message>
    <message>
        <source>code {text} is not in market {market}</source>
        <translation>代碼 {text} 不屬於 {market} 市場</translation>
    </message>
    <message>
        <source>{code} is already in the list</source>
        <translation>{code} 已在列表中</translation>
    </message>
    <message>
        <source>unknown market {market}; expected one of {names}</source>
        <translation>未知市場 {market}；應為 {names} 之一</translation>
    </message>
    <message>
        <source>the source is empty</source>
        <translation>數據源為空</translation>
    </message>
    <message>
        <source>unknown source {url}; known: {known}</source>
        <translation>未知數據源 {url}；可用：{known}</translation>
    </message>
    <message>
        <source>the futu:// source needs the futu-api package, which is not installed; install it with: {hint}</source>
        <translation>futu:// 數據源需要 futu-api 套件，但尚未安裝；安裝指令：{hint}</translation>
    </message>
    <message>
        <source>this FlowDeck bundle was built without the futu:// source; use a FlowDeck bundle built with the Futu option (python packaging/build.py --futu)</source>
        <translation>此 FlowDeck 安裝包不含 futu:// 數據源；請使用帶富途選項建置的安裝包（python packaging/build.py --futu）</translation>
    </message>
    <message>
        <source>{scheme}: unknown option {option}; known options: {known}</source>
        <translation>{scheme}：未知選項 {option}；可用選項：{known}</translation>
    </message>
    <message>
        <source>{scheme}: bad port in {url}; expected a number 1-65535 as in {example}</source>
        <translation>{scheme}：{url} 中的連接埠無效；應為 1-65535 的數字，例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: no host in {url}; expected e.g. {example}</source>
        <translation>{scheme}：{url} 缺少主機；例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: no port in {url}; expected e.g. {example}</source>
        <translation>{scheme}：{url} 缺少連接埠；例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: unexpected path {path} in {url}; expected e.g. {example}</source>
        <translation>{scheme}：{url} 中不應有路徑 {path}；例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: {name} must be a number of seconds &gt; 0, got {value}</source>
        <translation>{scheme}：{name} 必須是大於 0 的秒數，收到的是 {value}</translation>
    </message>
    <message>
        <source>{scheme}: {name} must be a number &gt; 0, got {value}</source>
        <translation>{scheme}：{name} 必須是大於 0 的數字，收到的是 {value}</translation>
    </message>
    <message>
        <source>{scheme}: {name} must be an integer, got {value}</source>
        <translation>{scheme}：{name} 必須是整數，收到的是 {value}</translation>
    </message>
    <message>
        <source>eastmoney: rate must be a number of requests a second, more than 0 and at most {limit}, got {value}</source>
        <translation>eastmoney：rate 是每秒請求數，必須大於 0 且不超過 {limit}，收到的是 {value}</translation>
    </message>
    <message>
        <source>eastmoney: tls must be 0 or 1, got {value}</source>
        <translation>eastmoney：tls 必須是 0 或 1，收到的是 {value}</translation>
    </message>
    <message>
        <source>eastmoney: tls applies to a HOST:PORT only, as in {example}</source>
        <translation>eastmoney：tls 只適用於指定了 HOST:PORT 的地址，例如 {example}</translation>
    </message>
    <message>
        <source>Invalid value: {message}</source>
        <translation>參數無效：{message}</translation>
    </message>
    <message>
        <source>Invalid code: {message}</source>
        <translation>代碼無效：{message}</translation>
    </message>
    <message>
        <source>Source failed: {message}</source>
        <translation>數據源出錯：{message}</translation>
    </message>
</context>
<context>
    <name>FlowTableView</name>
    <message>
        <source>Reset columns</source>
        <translation>還原預設欄位</translation>
    </message>
</context>
<context>
    <name>FollowStatus</name>
    <message>
        <source>no codes in the watchlist</source>
        <translation>自選股列表中沒有代碼</translation>
    </message>
    <message>
        <source>East Money refused the request (too frequent?) — retrying at {time}</source>
        <translation>東方財富拒絕了請求（請求過於頻繁？）— 將於 {time} 重試</translation>
    </message>
    <message>
        <source>next retry at {time}: {error}</source>
        <translation>將於 {time} 重試：{error}</translation>
    </message>
    <message>
        <source>next retry at {time}</source>
        <translation>將於 {time} 重試</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Settings could not be saved: {error}. They are kept in memory.</source>
        <translation>無法儲存設定：{error}。設定暫存在記憶體中。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重設版面</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Filter codes…</source>
        <translation>篩選代碼…</translation>
    </message>
    <message>
        <source>Settings could not be saved: {error}. Your changes are kept in memory and saved as soon as the disk accepts them.</source>
        <translation>無法儲存設定：{error}。你的更改暫存在記憶體中，磁碟恢復可寫後會立即儲存。</translation>
    </message>
</context>
<context>
    <name>MarketControls</name>
    <message>
        <source>Stocks</source>
        <translation>個股</translation>
    </message>
    <message>
        <source>Sectors</source>
        <translation>板塊</translation>
    </message>
    <message>
        <source>Industries</source>
        <translation>行業</translation>
    </message>
    <message>
        <source>Concepts</source>
        <translation>概念</translation>
    </message>
    <message>
        <source>How many codes or sectors to show</source>
        <translation>顯示多少隻股票或多少個板塊</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>前 </translation>
    </message>
</context>
<context>
    <name>MarketDock</name>
    <message>
        <source>Members of {sector}</source>
        <translation>{sector} 成份股</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>市場</translation>
    </message>
    <message>
        <source>Add to watchlist</source>
        <translation>加入自選股</translation>
    </message>
    <message>
        <source>All stocks</source>
        <translation>全部個股</translation>
    </message>
</context>
<context>
    <name>MarketText</name>
    <message>
        <source>Hong Kong</source>
        <translation>港股</translation>
    </message>
    <message>
        <source>US</source>
        <translation>美股</translation>
    </message>
    <message>
        <source>Shanghai</source>
        <translation>滬市</translation>
    </message>
    <message>
        <source>Shenzhen</source>
        <translation>深市</translation>
    </message>
    <message>
        <source>A-shares (SH + SZ)</source>
        <translation>A股（滬 + 深）</translation>
    </message>
    <message>
        <source>All markets</source>
        <translation>全部市場</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>3 days</source>
        <translation>3日</translation>
    </message>
    <message>
        <source>5 days</source>
        <translation>5日</translation>
    </message>
    <message>
        <source>10 days</source>
        <translation>10日</translation>
    </message>
    <message>
        <source>20 days</source>
        <translation>20日</translation>
    </message>
    <message>
        <source>Top (largest first)</source>
        <translation>前列（由大到小）</translation>
    </message>
    <message>
        <source>Bottom (smallest first)</source>
        <translation>末尾（由小到大）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>現價</translation>
    </message>
    <message>
        <source>Chg %</source>
        <translation>漲跌幅</translation>
    </message>
    <message>
        <source>Main today</source>
        <translation>今日主力</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>板塊</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成份股</translation>
    </message>
    <message>
        <source>watchlist “{name}”</source>
        <translation>自選股列表「{name}」</translation>
    </message>
    <message>
        <source>{period} rankings need the flow history: no archive is open</source>
        <translation>{period}排名需要資金流歷史：未打開歷史數據</translation>
    </message>
    <message>
        <source>{period} rankings: the flow history cannot be read ({error}); read again at its next update</source>
        <translation>{period}排名：無法讀取資金流歷史（{error}）；將於其下次更新時重新讀取</translation>
    </message>
    <message>
        <source>{label} {period}, East Money&apos;s</source>
        <translation>{label} {period}（東方財富口徑）</translation>
    </message>
    <message>
        <source>No sectors known for {scope}</source>
        <translation>{scope}沒有已知的板塊</translation>
    </message>
    <message>
        <source>Asking East Money for its concept boards…</source>
        <translation>正在向東方財富獲取概念板塊…</translation>
    </message>
    <message>
        <source>East Money&apos;s concept boards: {error}; asked again in a minute</source>
        <translation>東方財富概念板塊：{error}；一分鐘後重試</translation>
    </message>
    <message>
        <source>Ranks East Money&apos;s {boards} concept boards by their own flows (a stock is in several; double-click one for its members)</source>
        <translation>按東方財富 {boards} 個概念板塊自身的資金流排名（一隻股票屬於多個概念；雙擊查看成分股）</translation>
    </message>
    <message>
        <source>Concept boards rank today&apos;s flows only, not {period}</source>
        <translation>概念板塊僅按今日資金流排名，不支援{period}</translation>
    </message>
    <message>
        <source>Ranks the sectors of {scope} over {period}: {sectors} sectors, {codes} ({known} with past days in the flow history)</source>
        <translation>按{period}資金流排名{scope}的板塊：{sectors} 個板塊，{codes}（{known} 隻在資金流歷史中有歷史數據）</translation>
    </message>
    <message>
        <source>your watchlists</source>
        <translation>您的自選股</translation>
    </message>
    <message>
        <source>{count} plates</source>
        <translation>{count} 個板塊</translation>
    </message>
    <message>
        <source>plates {names}</source>
        <translation>板塊 {names}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>plate {name}</source>
        <translation>板塊 {name}</translation>
    </message>
    <message>
        <source> ({loaded} of {count} loaded)</source>
        <translation>（已載入 {loaded}/{count}）</translation>
    </message>
    <message>
        <source>Over {period}: the {known} of {codes} with past days in the flow history (codes you followed)</source>
        <translation>{period}：{codes}中資金流歷史存有往日數據的 {known} 隻（您關注過的股票）</translation>
    </message>
    <message>
        <source>the followed codes</source>
        <translation>關注的股票</translation>
    </message>
    <message>
        <source>{count} codes of all markets</source>
        <translation>全部市場的 {count} 隻股票</translation>
    </message>
    <message>
        <source>{count} {market} codes</source>
        <translation>{count} 隻{market}股票</translation>
    </message>
    <message>
        <source>Ranks {scope}: {codes} ({known} with a value)</source>
        <translation>排名{scope}：{codes}（{known} 隻有數據）</translation>
    </message>
    <message>
        <source>Reading {period} from the flow history…</source>
        <translation>{period}：正在讀取資金流歷史…</translation>
    </message>
    <message>
        <source>{period} rankings need past days: no code ranked here has a day before today in the flow history (follow codes, or File &gt; Fill past days)</source>
        <translation>{period}排名需要歷史數據：此處排名的代碼在資金流歷史中都沒有今日之前的數據（請關注代碼，或 檔案 &gt; 補錄歷史）</translation>
    </message>
    <message>
        <source>{label} {period} ({covered} of {days} days)</source>
        <translation>{label} {period}（{covered}/{days} 天）</translation>
    </message>
    <message>
        <source>Ranks the sectors of {scope} on today&apos;s flows: {sectors} sectors, {codes}</source>
        <translation>按今日資金流排名{scope}的板塊：{sectors} 個板塊，{codes}</translation>
    </message>
    <message>
        <source>the whole simulated market</source>
        <translation>整個模擬市場</translation>
    </message>
    <message>
        <source>the codes in the replay file</source>
        <translation>回放文件中的股票</translation>
    </message>
    <message>
        <source>the gateway&apos;s whole market</source>
        <translation>網關的整個市場</translation>
    </message>
    <message>
        <source>East Money&apos;s A-share list</source>
        <translation>東方財富的 A 股列表</translation>
    </message>
    <message>
        <source>{what}, 1 code</source>
        <translation>{what}，共 1 隻股票</translation>
    </message>
    <message>
        <source>{what}, {count} codes</source>
        <translation>{what}，共 {count} 隻股票</translation>
    </message>
    <message>
        <source>No rate for {currencies} in Settings: the amounts of their {count} codes are unknown here</source>
        <translation>設定中沒有 {currencies} 的匯率：其 {count} 隻股票的金額此處未知</translation>
    </message>
    <message>
        <source>No rate for {currencies} in Settings: their {count} codes are not ranked</source>
        <translation>設定中沒有 {currencies} 的匯率：其 {count} 隻股票未參與排名</translation>
    </message>
    <message>
        <source>Updated {seconds} s ago</source>
        <translation>{seconds} 秒前更新</translation>
    </message>
    <message>
        <source>the source&apos;s selection</source>
        <translation>數據源所選範圍</translation>
    </message>
</context>
<context>
    <name>MarketThresholds</name>
    <message>
        <source>each stock&apos;s own currency</source>
        <translation>各股票自身的貨幣</translation>
    </message>
    <message>
        <source>Threshold in</source>
        <extracomment>The markets offered, with their edit&apos;s name (A: SH and SZ).</extracomment>
        <translation>閾值貨幣</translation>
    </message>
    <message>
        <source>as above</source>
        <translation>同上</translation>
    </message>
    <message>
        <source>{market}&apos;s own threshold, in its currency</source>
        <translation>{market} 自己的閾值，以其貨幣計</translation>
    </message>
    <message>
        <source>A-shares: SH and SZ</source>
        <translation>A 股：滬市和深市</translation>
    </message>
    <message>
        <source>An amount in {currency}, converted to each stock&apos;s currency at the rates in Settings: 5e7, 5000万 or 50M</source>
        <translation>以 {currency} 表示的金額，按「設定」中的匯率折合成各股票的貨幣：5e7、5000萬 或 50M</translation>
    </message>
    <message>
        <source>No rate for {currencies}: codes in it are not checked by this rule until File &gt; Settings has one.</source>
        <translation>{currencies} 沒有匯率：在「檔案 &gt; 設定」填寫之前，此規則不檢查以該貨幣計價的股票。</translation>
    </message>
</context>
<context>
    <name>MatchesModel</name>
    <message>
        <source>Code</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>市場</translation>
    </message>
    <message>
        <source>(not in the list of known stocks)</source>
        <translation>（不在已知股票列表中）</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <source>Details…</source>
        <translation>詳情…</translation>
    </message>
    <message>
        <source>Everything the last paste or import did</source>
        <translation>上次貼上或匯入的全部結果</translation>
    </message>
</context>
<context>
    <name>Notifiers</name>
    <message>
        <source>{n} more alerts</source>
        <translation>另有 {n} 個提醒</translation>
    </message>
    <message>
        <source>They are in the alert log (Open alert log in this menu).</source>
        <translation>它們都在提醒記錄中（可從此選單「開啟提醒記錄」查看）。</translation>
    </message>
    <message>
        <source>Alert: {title} — {body}</source>
        <translation>提醒：{title} — {body}</translation>
    </message>
    <message>
        <source>  (+{n} more in the alert log)</source>
        <translation>  （提醒記錄中另有 {n} 個）</translation>
    </message>
</context>
<context>
    <name>OutsideRow</name>
    <message>
        <source>Add to watchlist</source>
        <translation>加入自選股</translation>
    </message>
    <message>
        <source>Not in your watchlist: the Market view&apos;s numbers at {time}</source>
        <translation>不在自選股中：市場視圖 {time} 的數據</translation>
    </message>
    <message>
        <source>{main} {net} ({ratio}) · turnover {turnover}</source>
        <translation>{main} {net}（{ratio}）· 成交額 {turnover}</translation>
    </message>
    <message>
        <source>No inflow or outflow per tier until it is added to a watchlist.</source>
        <translation>加入自選股之前沒有各檔的流入和流出。</translation>
    </message>
</context>
<context>
    <name>PastDayDialog</name>
    <message>
        <source>Show a past day</source>
        <translation>查看歷史日</translation>
    </message>
    <message>
        <source>Show this day</source>
        <translation>查看這一天</translation>
    </message>
    <message>
        <source>Nothing is archived for this source yet: File &gt; Fill past days… or `flowdeck backfill` fills it.</source>
        <translation>此數據源尚無存檔：可用 檔案 &gt; 補全歷史日… 或 `flowdeck backfill` 補全。</translation>
    </message>
    <message>
        <source>The table and charts show the close of {0}, read-only; alerts are off until you go back to live.</source>
        <translation>表格和圖表將顯示 {0} 的收市數據（唯讀）；回到實時之前提示關閉。</translation>
    </message>
    <message>
        <source>No archived close on {0} (days in bold have one).</source>
        <translation>{0} 沒有已存檔的收市數據（粗體日期有）。</translation>
    </message>
</context>
<context>
    <name>PastDayMode</name>
    <message>
        <source>Show a &amp;past day…</source>
        <translation>查看歷史日(&amp;P)…</translation>
    </message>
    <message>
        <source>Put the table and charts on an archived day&apos;s close</source>
        <translation>讓表格和圖表顯示某個已存檔交易日的收市</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>回到實時(&amp;L)</translation>
    </message>
    <message>
        <source>As of {0} close</source>
        <translation>截至 {0} 收市</translation>
    </message>
</context>
<context>
    <name>PastDayStrip</name>
    <message>
        <source>As of {0} close · read-only · alerts off</source>
        <translation>截至 {0} 收市 · 唯讀 · 提示已關閉</translation>
    </message>
    <message>
        <source>reading the archive… {0} of {1} codes</source>
        <translation>正在讀取存檔… {0} / {1} 個代碼</translation>
    </message>
    <message>
        <source>{0} of {1} codes have no archived close that day (—)</source>
        <translation>{1} 個代碼中有 {0} 個當日無存檔收市（—）</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>回到實時</translation>
    </message>
    <message>
        <source>Show the live table and charts again</source>
        <translation>重新顯示實時表格和圖表</translation>
    </message>
</context>
<context>
    <name>PlateButton</name>
    <message>
        <source>Plates ({count})</source>
        <translation>板塊（{count}）</translation>
    </message>
    <message>
        <source>Plates</source>
        <translation>板塊</translation>
    </message>
    <message>
        <source>Rank the stocks of these plates beside your watchlists&apos; (the source polls them too: every row gets older)</source>
        <translation>在自選股之外，一併排名這些板塊的股票（數據源亦會輪詢它們：每行數據都會更舊一些）</translation>
    </message>
</context>
<context>
    <name>QuickSearch</name>
    <message>
        <source>&amp;Find a stock…</source>
        <translation>尋找股票(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a stock by code, name or pinyin initials</source>
        <translation>按代碼、名稱或拼音首字母尋找股票</translation>
    </message>
    <message>
        <source>Code, name or pinyin: 700, 茅台, gzmt …</source>
        <translation>代碼、名稱或拼音：700、茅台、gzmt …</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>A flow value</source>
        <translation>資金流數值</translation>
    </message>
    <message>
        <source>One big trade</source>
        <translation>單筆大單</translation>
    </message>
    <message>
        <source>Buy or sell</source>
        <translation>買入或賣出</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>買入</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>賣出</translation>
    </message>
    <message>
        <source>One code</source>
        <translation>單一股票</translation>
    </message>
    <message>
        <source>Watchlist</source>
        <translation>自選股列表</translation>
    </message>
    <message>
        <source>All watched codes</source>
        <translation>所有關注的代碼</translation>
    </message>
    <message>
        <source>crosses (either way)</source>
        <translation>穿越（任一方向）</translation>
    </message>
    <message>
        <source>An amount in the stock&apos;s currency: 5e7, 5000万, 0.5亿 or 50M</source>
        <translation>以股票計價貨幣表示的金額：5e7、5000萬、0.5億 或 50M</translation>
    </message>
    <message>
        <source>A share of turnover: 12% or 0.12 (from -100% to 100%)</source>
        <translation>佔成交額的比例：12% 或 0.12（-100% 至 100%）</translation>
    </message>
    <message>
        <source>Trading days in a row: 3 (inflow) or -3 (outflow)</source>
        <translation>連續交易日數：3（流入）或 -3（流出）</translation>
    </message>
    <message>
        <source>The least value of one trade, in the stock&apos;s currency: 1000万 or 10M. It fires once for each such trade</source>
        <translation>單筆成交的最低金額（股票本幣）：1000萬 或 10M。每筆這樣的成交提醒一次</translation>
    </message>
    <message>
        <source>e.g. 5000万 or 50M</source>
        <translation>例如 5000萬 或 50M</translation>
    </message>
    <message>
        <source>e.g. 12% or 0.12</source>
        <translation>例如 12% 或 0.12</translation>
    </message>
    <message>
        <source>e.g. 3</source>
        <translation>例如 3</translation>
    </message>
    <message>
        <source>e.g. 1000万 or 10M</source>
        <translation>例如 1000萬 或 10M</translation>
    </message>
    <message>
        <source>Edit alert</source>
        <translation>編輯提醒</translation>
    </message>
    <message>
        <source>New alert</source>
        <translation>新增提醒</translation>
    </message>
    <message>
        <source>e.g. HK.00700</source>
        <translation>例如 HK.00700</translation>
    </message>
    <message>
        <source>every code the table shows</source>
        <translation>表格中顯示的所有代碼</translation>
    </message>
    <message>
        <source>After firing, the value must move back past the threshold by this much before the rule can fire again</source>
        <translation>觸發後，數值須反向越過閾值達此幅度，規則才會再次觸發</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The least time between two alerts of this rule for a code</source>
        <translation>同一代碼兩次觸發此規則的最短間隔</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>啟用</translation>
    </message>
    <message>
        <source>shown with the alert</source>
        <translation>隨提醒一併顯示</translation>
    </message>
    <message>
        <source>Fires on</source>
        <translation>提醒依據</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>適用範圍</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>指標</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>條件</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>不低於</translation>
    </message>
    <message>
        <source>Per market</source>
        <translation>分市場</translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation>回差</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>冷卻時間</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Type a stock code, e.g. HK.00700.</source>
        <translation>請輸入股票代碼，例如 HK.00700。</translation>
    </message>
    <message>
        <source>There is no watchlist to choose; create one first.</source>
        <translation>沒有可選的自選股列表，請先新增一個。</translation>
    </message>
    <message>
        <source>Type a threshold. {hint}.</source>
        <translation>請輸入閾值。{hint}。</translation>
    </message>
    <message>
        <source>Now: no value yet.</source>
        <translation>目前：暫無數值。</translation>
    </message>
    <message>
        <source>Now: {value}.</source>
        <translation>目前：{value}。</translation>
    </message>
    <message>
        <source>Now: {n} codes, from {low} to {high}.</source>
        <translation>目前：{n} 隻股票，由 {low} 至 {high}。</translation>
    </message>
    <message>
        <source>Already true now ({value} {op} {threshold}): it fires when it next becomes true.</source>
        <translation>目前已符合（{value} {op} {threshold}）：下次由不符合變為符合時才會提示。</translation>
    </message>
    <message>
        <source>{codes} and {n} more</source>
        <translation>{codes} 及另外 {n} 隻</translation>
    </message>
    <message>
        <source>Already true now for {codes}: each fires when the condition next becomes true for it.</source>
        <translation>{codes} 目前已符合條件：各自在下次重新符合時才會提示。</translation>
    </message>
    <message>
        <source>Also</source>
        <translation>並且</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>發送</translation>
    </message>
    <message>
        <source>Type the threshold of condition {n}.</source>
        <translation>請輸入條件 {n} 的閾值。</translation>
    </message>
    <message>
        <source>The day&apos;s price change from the previous close: 2% or -3.5%. Checked with each update of the code&apos;s flow</source>
        <translation>當日相對昨收的漲跌幅：2% 或 -3.5%。隨該代碼資金流的每次更新檢查</translation>
    </message>
    <message>
        <source>e.g. 2% or -3.5%</source>
        <translation>例如 2% 或 -3.5%</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Watchlist {name}</source>
        <translation>自選股列表 {name}</translation>
    </message>
    <message>
        <source>All watched codes</source>
        <translation>所有關注的代碼</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小時</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分鐘</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} rules in the config file could not be loaded:</source>
        <translation>設定檔中有 {n} 條規則無法載入：</translation>
    </message>
    <message>
        <source>1 rule in the config file could not be loaded:</source>
        <translation>設定檔中有 1 條規則無法載入：</translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation>  …以及另外 {n} 條</translation>
    </message>
    <message>
        <source>They stay in the file as they are; fix them there.</source>
        <translation>這些規則原樣保留在檔案中，請在檔案中修正。</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>提醒規則</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編輯…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>復原刪除</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Added: {rule}.</source>
        <translation>已新增：{rule}。</translation>
    </message>
    <message>
        <source>Deleted {n} rules. Undo delete brings them back.</source>
        <translation>已刪除 {n} 條規則。「復原刪除」可還原。</translation>
    </message>
    <message>
        <source>Deleted 1 rule. Undo delete brings it back.</source>
        <translation>已刪除 1 條規則。「復原刪除」可還原。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>沒有可復原的操作。</translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation>已復原。</translation>
    </message>
    <message>
        <source>Changed: {rule}.</source>
        <translation>已修改：{rule}。</translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <source>On</source>
        <translation>啟用</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>範圍</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>規則</translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation>回差</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>冷卻</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>On: alerts fire</source>
        <translation>啟用：會觸發提醒</translation>
    </message>
    <message>
        <source>Off: kept but silent</source>
        <translation>停用：保留但不提醒</translation>
    </message>
    <message>
        <source>Sends to</source>
        <translation>發送到</translation>
    </message>
    <message>
        <source>Not in Settings &gt; Channels: {names}. The rule keeps them; alerts skip them until they are added.</source>
        <translation>不在 設定 &gt; 渠道 中：{names}。規則保留它們；新增之前，提醒不會發到那裡。</translation>
    </message>
    <message>
        <source>{rule} (expired {day})</source>
        <translation>{rule}（已於 {day} 到期）</translation>
    </message>
    <message>
        <source>{rule} (until {day})</source>
        <translation>{rule}（有效至 {day}）</translation>
    </message>
    <message>
        <source>{cooldown}, once a day</source>
        <translation>{cooldown}，每天一次</translation>
    </message>
    <message>
        <source>Tray</source>
        <translation>系統匣</translation>
    </message>
</context>
<context>
    <name>SectorRow</name>
    <message>
        <source>Sector: {name}</source>
        <translation>板塊：{name}</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>板塊</translation>
    </message>
    <message>
        <source>no sector known for {code}</source>
        <translation>{code} 無已知板塊</translation>
    </message>
    <message>
        <source>main net of the {n} of its {listed} members followed here</source>
        <translation>本窗口關注的 {n} 隻成分股（共 {listed} 隻）的主力淨流入之和</translation>
    </message>
    <message>
        <source>main net of the {n} members followed here</source>
        <translation>本窗口關注的 {n} 隻成分股的主力淨流入之和</translation>
    </message>
    <message>
        <source>Draw the sector&apos;s main net inflow over the day: the sum of its members this window follows</source>
        <translation>繪製該板塊當日的主力淨流入：本窗口關注的成分股之和</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Automatic (by language)</source>
        <translation>自動（隨語言）</translation>
    </message>
    <message>
        <source>万 / 亿</source>
        <translation>萬 / 億</translation>
    </message>
    <message>
        <source>Automatic (red up in Simplified Chinese, else green up)</source>
        <translation>自動（簡體中文紅漲綠跌，其他綠漲紅跌）</translation>
    </message>
    <message>
        <source>Red up, green down (mainland China)</source>
        <translation>紅漲綠跌（內地）</translation>
    </message>
    <message>
        <source>Green up, red down (Hong Kong, US)</source>
        <translation>綠漲紅跌（香港、美國）</translation>
    </message>
    <message>
        <source>By market (red up for SH/SZ rows only)</source>
        <translation>按市場（僅滬深行紅漲）</translation>
    </message>
    <message>
        <source>Automatic (system language)</source>
        <translation>自動（系統語言）</translation>
    </message>
    <message>
        <source>Automatic (system)</source>
        <translation>自動（跟隨系統）</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>淺色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>FlowDeck settings</source>
        <translation>FlowDeck 設定</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Big trades</source>
        <translation>大單</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>提醒渠道</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>A row of an open market with no update for this long is shown as stale</source>
        <translation>交易中的市場裡，超過此時長未有更新的行顯示為過時</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>數據源</translation>
    </message>
    <message>
        <source>Number units</source>
        <translation>數字單位</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>升跌顏色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主題</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>過時閾值</translation>
    </message>
    <message>
        <source>Stale data</source>
        <translation>數據過時</translation>
    </message>
    <message>
        <source>sim, sim?speed=20&amp;seed=7, gateway://host:port[?token=T], futu://host:port (Futu OpenD), eastmoney:// (East Money&apos;s public A-share numbers, no account)</source>
        <translation>sim、sim?speed=20&amp;seed=7、gateway://host:port[?token=T]、futu://host:port（富途 OpenD）、eastmoney://（東方財富公開的 A 股數據，毋須帳戶）</translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation>基準貨幣</translation>
    </message>
    <message>
        <source>Saved in {path}</source>
        <translation>儲存於 {path}</translation>
    </message>
    <message>
        <source>Running: {running} (--source override; saved: {saved})</source>
        <translation>正在運行：{running}（--source 命令列覆蓋；已儲存：{saved}）</translation>
    </message>
</context>
<context>
    <name>SortCurrency</name>
    <message>
        <source>Sorted by value in {base}</source>
        <translation>按折合 {base} 的價值排序</translation>
    </message>
    <message>
        <source>Rates: {rates}</source>
        <translation>匯率：{rates}</translation>
    </message>
    <message>
        <source>Older than {days} days: {currencies} (File &gt; Settings)</source>
        <translation>超過 {days} 天的匯率：{currencies}（檔案 &gt; 設定）</translation>
    </message>
    <message>
        <source>No rate for {currencies}: those rows sort after the others, in their own currency (File &gt; Settings)</source>
        <translation>{currencies} 沒有匯率：這些行排在其他行之後，按其自身貨幣排序（檔案 &gt; 設定）</translation>
    </message>
</context>
<context>
    <name>StaleSettingsPage</name>
    <message>
        <source>One alert when the source is down, or codes of an open market have had no update for this long, and one when the data comes back; never during lunch breaks or when the market is closed. They are kept in the alert log and go to the channels checked.</source>
        <translation>數據源中斷，或交易中市場的股票超過此時長未有更新時提醒一次，數據恢復時再提醒一次；午休和收市時不提醒。提醒記入提醒記錄，並發送到勾選的渠道。</translation>
    </message>
    <message>
        <source>Alert when data goes stale</source>
        <translation>數據過時時提醒</translation>
    </message>
    <message>
        <source>No update for</source>
        <translation>未更新時長</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>發送到</translation>
    </message>
    <message>
        <source>{name} (not configured)</source>
        <translation>{name}（未設定）</translation>
    </message>
    <message>
        <source>No channels yet: add them on the Channels page; alerts still go to the alert log.</source>
        <translation>尚無渠道：可在「渠道」頁新增；提醒仍會記入提醒記錄。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>open</source>
        <extracomment>The theme&apos;s message colour (Theme.role) of each connection state.</extracomment>
        <translation>交易中</translation>
    </message>
    <message>
        <source>pre-open</source>
        <translation>未開市</translation>
    </message>
    <message>
        <source>lunch</source>
        <translation>午休</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已收市</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>連接中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>已連接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>重新連接中</translation>
    </message>
    <message>
        <source>error</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>East Money numbers</source>
        <translation>東方財富口徑</translation>
    </message>
    <message>
        <source>East Money&apos;s own published numbers: they size both sides of every trade, so the tiers&apos; net inflows sum to zero. Not comparable with FlowDeck&apos;s or Futu&apos;s numbers.</source>
        <translation>東方財富自行發佈的數據：每宗成交的買賣雙方分別按單子大小歸類，各級淨流入之和為零。與 FlowDeck 或富途的數據不可直接比較。</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>模擬數據</translation>
    </message>
    <message>
        <source>Synthetic data from the built-in market simulator</source>
        <translation>來自內置行情模擬器的合成數據</translation>
    </message>
    <message>
        <source>Source: {name}</source>
        <translation>數據源：{name}</translation>
    </message>
    <message>
        <source>Last: {time} ({code})</source>
        <translation>最新：{time}（{code}）</translation>
    </message>
    <message>
        <source>{code} {time} (exchange time)</source>
        <translation>{code} {time}（交易所時間）</translation>
    </message>
    <message>
        <source>Fresh: oldest {oldest} s · median {median} s</source>
        <translation>數據時效：最舊 {oldest} 秒 · 中位數 {median} 秒</translation>
    </message>
    <message>
        <source>Fresh: waiting</source>
        <translation>數據時效：等待中</translation>
    </message>
    <message>
        <source> · {n} waiting</source>
        <translation> · {n} 個等待中</translation>
    </message>
    <message>
        <source>{code}: {seconds} s ago</source>
        <translation>{code}：{seconds} 秒前</translation>
    </message>
    <message>
        <source>{code}: not yet</source>
        <translation>{code}：尚未更新</translation>
    </message>
    <message>
        <source>Seconds since each row was refreshed (the source&apos;s request quota sets the pace), oldest first:</source>
        <translation>各行距上次刷新的秒數（刷新節奏由數據源的請求配額決定），最舊的在前：</translation>
    </message>
    <message>
        <source>{n} upd/s</source>
        <translation>{n} 次更新/秒</translation>
    </message>
</context>
<context>
    <name>TapeControls</name>
    <message>
        <source>Watchlist only</source>
        <translation>僅自選</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Min value</source>
        <translation>最小金額</translation>
    </message>
    <message>
        <source>Only trades worth at least this much, in the stock&apos;s own currency: 1000万, 10M, 5e6</source>
        <translation>僅顯示金額不低於此值的成交（以該股票自身的貨幣計）：1000萬、10M、5e6</translation>
    </message>
    <message>
        <source>Either side</source>
        <translation>買賣不限</translation>
    </message>
</context>
<context>
    <name>TapeDock</name>
    <message>
        <source>{kept} big trades kept today, {dropped} older ones dropped by the caps</source>
        <translation>今日保留 {kept} 筆大單，較早的 {dropped} 筆因上限已移除</translation>
    </message>
    <message>
        <source>Big trades</source>
        <translation>大單追蹤</translation>
    </message>
    <message>
        <source>The tape keeps each code&apos;s last trades of the day and a number in all (Settings › Big trades)</source>
        <translation>每隻股票保留當日最近的大單，總數亦有上限（設定 › 大單）</translation>
    </message>
</context>
<context>
    <name>TapeSettingsPage</name>
    <message>
        <source>Line {line}: {problem}</source>
        <translation>第 {line} 行：{problem}</translation>
    </message>
    <message>
        <source>Line {line}: {code} needs a minimum value after it</source>
        <translation>第 {line} 行：{code} 後面需要一個最小金額</translation>
    </message>
    <message>
        <source>{what}: “{text}” is not an amount of 0 or more (such as 5e6, 500万 or 5M)</source>
        <translation>{what}：「{text}」不是不小於 0 的金額（例如 5e6、500萬 或 5M）</translation>
    </message>
    <message>
        <source>A trade is big when its value (price × quantity, in the stock&apos;s currency) is at least its code&apos;s minimum, else its market&apos;s. Blank: the market&apos;s default.</source>
        <translation>成交金額（價格 × 數量，以該股票的貨幣計）不低於該股票的最小金額（未設則按其市場的）即為大單。留空：使用市場預設值。</translation>
    </message>
    <message>
        <source>{market} minimum</source>
        <translation>{market} 最小金額</translation>
    </message>
    <message>
        <source>Per code</source>
        <translation>按股票</translation>
    </message>
    <message>
        <source>One a line: HK.00700 1000万</source>
        <translation>每行一個：HK.00700 1000萬</translation>
    </message>
    <message>
        <source>Kept per code</source>
        <translation>每隻股票保留</translation>
    </message>
    <message>
        <source>Kept in all</source>
        <translation>總共保留</translation>
    </message>
    <message>
        <source>The tape keeps each code&apos;s last trades of the day, this many</source>
        <translation>每隻股票保留當日最近的大單筆數</translation>
    </message>
    <message>
        <source>... and this many in all; the oldest go first</source>
        <translation>……以及總共保留的筆數；最早的先移除</translation>
    </message>
</context>
<context>
    <name>TapeText</name>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代碼</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>價格</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>級別</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>買入</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>賣出</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>↑ {count} new</source>
        <translation>↑ {count} 筆新成交</translation>
    </message>
    <message>
        <source>no quote rights for {market} pushes</source>
        <translation>沒有 {market} 推送的行情權限</translation>
    </message>
    <message>
        <source>beyond the subscription quota</source>
        <translation>超出訂閱額度</translation>
    </message>
    <message>
        <source>No big trades from {count} followed codes: {codes}</source>
        <translation>{count} 隻關注的股票沒有大單數據：{codes}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>live</source>
        <translation>已連接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未連接</translation>
    </message>
    <message>
        <source>new alert</source>
        <translation>有新提醒</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分鐘</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小時</translation>
    </message>
    <message>
        <source>Until resumed</source>
        <translation>直至恢復</translation>
    </message>
    <message>
        <source>Alerts paused until resumed</source>
        <translation>提醒已暫停，直至恢復</translation>
    </message>
    <message>
        <source>Alerts paused until {time}</source>
        <translation>提醒已暫停至 {time}</translation>
    </message>
    <message>
        <source>Pause alerts</source>
        <translation>暫停提醒</translation>
    </message>
    <message>
        <source>Resume alerts</source>
        <translation>恢復提醒</translation>
    </message>
    <message>
        <source>Open alert log</source>
        <translation>開啟提醒記錄</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>隱藏視窗</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>顯示視窗</translation>
    </message>
</context>
<context>
    <name>Undelivered</name>
    <message>
        <source>Not delivered to {channel} in time: {rule}</source>
        <translation>未能及時送達 {channel}：{rule}</translation>
    </message>
    <message>
        <source>Refused by {channel}: {rule}</source>
        <translation>被 {channel} 拒收：{rule}</translation>
    </message>
</context>
<context>
    <name>WatchlistDock</name>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文字檔 (*.txt)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有檔案 (*)</translation>
    </message>
    <message>
        <source>Added {n} codes.</source>
        <translation>已加入 {n} 個代碼。</translation>
    </message>
    <message>
        <source>Added 1 code.</source>
        <translation>已加入 1 個代碼。</translation>
    </message>
    <message>
        <source>{n} already in the list.</source>
        <translation>{n} 個已在列表中。</translation>
    </message>
    <message>
        <source>Invalid: {entry}</source>
        <translation>無效：{entry}</translation>
    </message>
    <message>
        <source>{n} invalid.</source>
        <translation>{n} 個無效。</translation>
    </message>
    <message>
        <source>{n} lines without a code skipped.</source>
        <translation>已略過 {n} 行沒有代碼的內容。</translation>
    </message>
    <message>
        <source>1 line without a code skipped.</source>
        <translation>已略過 1 行沒有代碼的內容。</translation>
    </message>
    <message>
        <source>Added ({n}):</source>
        <translation>已加入（{n}）：</translation>
    </message>
    <message>
        <source>Already in the list, ignored ({n}):</source>
        <translation>已在列表中，已忽略（{n}）：</translation>
    </message>
    <message>
        <source>Invalid codes ({n}):</source>
        <translation>無效代碼（{n}）：</translation>
    </message>
    <message>
        <source>Lines without a code, skipped ({n}):</source>
        <translation>沒有代碼的行，已略過（{n}）：</translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation>  …以及另外 {n} 個</translation>
    </message>
    <message>
        <source>Watchlists</source>
        <translation>自選股</translation>
    </message>
    <message>
        <source>The active watchlist</source>
        <translation>目前的自選股列表</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Create a watchlist</source>
        <translation>新增自選股列表</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重新命名</translation>
    </message>
    <message>
        <source>Rename this watchlist</source>
        <translation>重新命名此列表</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Delete this watchlist (Undo brings it back)</source>
        <translation>刪除此列表（可復原）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>復原</translation>
    </message>
    <message>
        <source>Undo the last watchlist edit (Ctrl+Z)</source>
        <translation>復原上一次列表編輯 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected codes (Delete)</source>
        <translation>移除選取的代碼 (Delete)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>貼上</translation>
    </message>
    <message>
        <source>Add the codes on the clipboard</source>
        <translation>加入剪貼簿中的代碼</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>匯入…</translation>
    </message>
    <message>
        <source>Add the codes of a text or CSV</source>
        <translation>從文字檔或 CSV 檔加入代碼</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <source>Save this list, one code per line</source>
        <translation>儲存此列表，每行一個代碼</translation>
    </message>
    <message>
        <source>Add codes, names or pinyin: 700, 茅台, gzmt …</source>
        <translation>加入代碼、名稱或拼音：700、茅台、gzmt …</translation>
    </message>
    <message>
        <source>{n} codes, {k} invalid; Enter adds the valid ones.</source>
        <translation>{n} 個代碼，{k} 個無效；按 Enter 加入有效的代碼。</translation>
    </message>
    <message>
        <source>{n} codes; Enter adds the valid ones.</source>
        <translation>{n} 個代碼；按 Enter 鍵加入其中有效的代碼。</translation>
    </message>
    <message>
        <source>Removed {codes}. Ctrl+Z undoes.</source>
        <translation>已移除 {codes}。按 Ctrl+Z 復原。</translation>
    </message>
    <message>
        <source>Deleted the watchlist {name}. Undo brings it back.</source>
        <translation>已刪除自選股列表 {name}。「復原」可還原。</translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation>已復原。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>沒有可復原的操作。</translation>
    </message>
    <message>
        <source>New watchlist</source>
        <translation>新增自選股列表</translation>
    </message>
    <message>
        <source>Rename watchlist</source>
        <translation>重新命名自選股列表</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名稱：</translation>
    </message>
    <message>
        <source>Exported {n} codes to {path}.</source>
        <translation>已將 {n} 個代碼匯出至 {path}。</translation>
    </message>
    <message>
        <source>Import codes</source>
        <translation>匯入代碼</translation>
    </message>
    <message>
        <source>Export codes</source>
        <translation>匯出代碼</translation>
    </message>
</context>
<context>
    <name>WindowAlerts</name>
    <message>
        <source>Pause for 15 minutes</source>
        <translation>暫停 15 分鐘</translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation>暫停 1 小時</translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation>暫停直至恢復</translation>
    </message>
    <message>
        <source>The alert log could not be read: {error}</source>
        <translation>無法讀取提醒記錄：{error}</translation>
    </message>
    <message>
        <source>{n} line(s) of today&apos;s alert log {path} could not be read and were skipped.</source>
        <translation>今日的提醒記錄 {path} 中有 {n} 行無法讀取，已略過。</translation>
    </message>
    <message>
        <source>FlowDeck is still running</source>
        <translation>FlowDeck 仍在運行</translation>
    </message>
    <message>
        <source>Alerts keep coming here. Quit from this icon&apos;s menu.</source>
        <translation>提醒會繼續在此顯示。如要退出，請使用此圖示的選單。</translation>
    </message>
    <message>
        <source>{code} is not in the active watchlist.</source>
        <translation>{code} 不在目前的自選股列表中。</translation>
    </message>
    <message>
        <source>&amp;Manage rules…</source>
        <translation>管理規則…</translation>
    </message>
    <message>
        <source>&amp;New rule…</source>
        <translation>新增規則…</translation>
    </message>
    <message>
        <source>&amp;Resume alerts</source>
        <translation>恢復提醒</translation>
    </message>
    <message>
        <source>&amp;Sound</source>
        <translation>聲音</translation>
    </message>
    <message>
        <source>Rule saved. {warning}</source>
        <translation>規則已儲存。{warning}</translation>
    </message>
    <message>
        <source> (and {n} more)</source>
        <translation>（另有 {n} 條）</translation>
    </message>
    <message>
        <source>{n} alert rule(s) in the config file could not be loaded and are kept there unchanged: {problems}</source>
        <translation>設定檔中有 {n} 條提醒規則無法載入，已在檔案中原樣保留：{problems}</translation>
    </message>
</context>
<context>
    <name>WindowChannels</name>
    <message>
        <source>No keyring is available: the alert channels&apos; secrets are kept in {path}, readable only by you but not encrypted.</source>
        <translation>沒有可用的鑰匙圈：提醒渠道的密鑰儲存在 {path}，僅您本人可讀，但未加密。</translation>
    </message>
    <message>
        <source>The secrets typed into the settings file for {names} were moved to {where} and taken out of the file.</source>
        <translation>設定檔中為 {names} 填寫的密鑰已移至 {where}，並已從檔案中刪除。</translation>
    </message>
    <message>
        <source>The secrets typed into the settings file could not be moved out of it: {error}</source>
        <translation>設定檔中填寫的密鑰無法移出該檔案：{error}</translation>
    </message>
</context>
<context>
    <name>WindowDelivery</name>
    <message>
        <source>Alerts for the channels beyond the tray cannot be written to the outbox: {error}. They are kept in memory and written as soon as the disk accepts them.</source>
        <translation>發往系統匣以外渠道的提醒無法寫入寄件匣：{error}。提醒暫存於記憶體，磁碟恢復可寫後立即寫入。</translation>
    </message>
    <message>
        <source>Alerts cannot be delivered to {name} since {since}: {error}. They are kept and retried.</source>
        <translation>自 {since} 起提醒無法送達 {name}：{error}。提醒已保留，將會重試。</translation>
    </message>
    <message>
        <source>Alerts cannot go to channels beyond the tray: {error}</source>
        <translation>提醒無法發送到系統匣以外的渠道：{error}</translation>
    </message>
</context>
<context>
    <name>WindowHistory</name>
    <message>
        <source>Fill &amp;past days</source>
        <translation>補錄歷史(&amp;P)</translation>
    </message>
    <message>
        <source>Last {0} trading days</source>
        <translation>最近 {0} 個交易日</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop filling past days (what is saved stays)</source>
        <translation>停止補錄歷史（已保存的保留）</translation>
    </message>
    <message>
        <source>The flow history cannot be opened ({0}); today&apos;s numbers stay on screen but are not archived.</source>
        <translation>無法打開資金流向歷史（{0}）；今日數據照常顯示，但不會存檔。</translation>
    </message>
    <message>
        <source>The flow history {0} could not be read; it was moved to {1} and a new history started.</source>
        <translation>無法讀取資金流向歷史 {0}；已將其移至 {1}，並新建歷史。</translation>
    </message>
    <message>
        <source>The flow history cannot be saved ({0}); today&apos;s numbers are kept and saving is tried again.</source>
        <translation>無法保存資金流向歷史（{0}）；今日數據保留在記憶體中，稍後重試保存。</translation>
    </message>
    <message>
        <source>This source keeps no flow history here yet: past days come from the simulator or a replay file.</source>
        <translation>此數據源暫無本地歷史：歷史數據可來自模擬器或回放文件。</translation>
    </message>
    <message>
        <source>Filling past days stopped: {0}</source>
        <translation>補錄歷史已中止：{0}</translation>
    </message>
    <message>
        <source>Past days: %v of %m</source>
        <translation>歷史：%v / %m</translation>
    </message>
</context>
<context>
    <name>Zones</name>
    <message>
        <source>HKT</source>
        <translation>香港時間</translation>
    </message>
    <message>
        <source>EST</source>
        <translation>美東時間</translation>
    </message>
    <message>
        <source>EDT</source>
        <translation>美東時間</translation>
    </message>
    <message>
        <source>Beijing</source>
        <translation>北京時間</translation>
    </message>
</context>
</TS>
