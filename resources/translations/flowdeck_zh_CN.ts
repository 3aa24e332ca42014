<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertCenter</name>
    <message>
        <source>Alerts could not be written to the alert log: {error}. They are kept in memory and written as soon as the disk accepts them.</source>
        <translation>提醒无法写入告警日志：{error}。它们暂存在内存中，磁盘恢复可写后会立即写入。</translation>
    </message>
</context>
<context>
    <name>AlertLogDock</name>
    <message>
        <source>Alert log</source>
        <extracomment>Columns sized to their text; the others are elided and have tooltips.</extracomment>
        <translation>告警日志</translation>
    </message>
    <message>
        <source>Filter by code or rule</source>
        <translation>按代码或规则筛选</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear this view only: the alert log file on disk keeps every alert</source>
        <translation>仅清空此视图：磁盘上的告警日志文件会保留所有提醒</translation>
    </message>
</context>
<context>
    <name>AlertLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Fired at {fired} (this computer&apos;s clock)
Exchange time of the record that fired it: {time}</source>
        <translation>触发于 {fired}（本机时间）
触发这条提醒的记录的交易所时间：{time}</translation>
    </message>
    <message>
        <source>At {fired} (this computer&apos;s clock)</source>
        <extracomment>Rows kept in memory; the oldest go first. The file on disk keeps them all. A role answering &quot;code, then rule text&quot;: the dock&apos;s filter matches either.</extracomment>
        <translation>于 {fired}（本机时间）</translation>
    </message>
</context>
<context>
    <name>AlertMenu</name>
    <message>
        <source>Alert for {code}…</source>
        <translation>为 {code} 设置提醒…</translation>
    </message>
    <message>
        <source>Alert when {field} {op} …</source>
        <translation>当 {field} {op} … 时提醒</translation>
    </message>
    <message>
        <source>Alert on a big trade of {code}…</source>
        <translation>为 {code} 的单笔大单提醒…</translation>
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
        <translation>买入</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>卖出</translation>
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
        <translation>{time} 时为 {value}</translation>
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
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>CellFormat</name>
    <message>
        <source>pre-open</source>
        <translation>未开盘</translation>
    </message>
    <message>
        <source>open</source>
        <translation>交易中</translation>
    </message>
    <message>
        <source>lunch break</source>
        <translation>午间休市</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已收盘</translation>
    </message>
    <message>
        <source>{code}: error {number}: {message}</source>
        <translation>{code}：错误 {number}：{message}</translation>
    </message>
    <message>
        <source>{market} {state}; last update {time}</source>
        <translation>{market} {state}；最后更新 {time}</translation>
    </message>
    <message>
        <source>last update {time}</source>
        <translation>最后更新 {time}</translation>
    </message>
    <message>
        <source>stale: no update for more than {seconds} s while {market} is open</source>
        <translation>数据过时：{market} 交易中，但已超过 {seconds} 秒未更新</translation>
    </message>
    <message>
        <source>previous close {price}</source>
        <translation>昨收 {price}</translation>
    </message>
    <message>
        <source>last trade {time}</source>
        <translation>最后成交 {time}</translation>
    </message>
    <message>
        <source>no flow history: the archive is not open</source>
        <translation>暂无资金流历史：历史库未打开</translation>
    </message>
    <message>
        <source>{days} trading days of main inflow in a row</source>
        <translation>主力连续 {days} 个交易日净流入</translation>
    </message>
    <message>
        <source>{days} trading days of main outflow in a row</source>
        <translation>主力连续 {days} 个交易日净流出</translation>
    </message>
    <message>
        <source>ratio unknown: a day of the window has no known turnover</source>
        <translation>占比未知：区间内有一天的成交额未知</translation>
    </message>
    <message>
        <source>{known} of {days} trading days archived</source>
        <translation>{days} 个交易日中已存档 {known} 个</translation>
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
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Messages a minute at most</source>
        <translation>每分钟最多消息数</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Secrets are stored in the keyring ({backend}).</source>
        <translation>密钥保存在系统钥匙串（{backend}）中。</translation>
    </message>
    <message>
        <source>No keyring is available: secrets are stored in {path} (readable only by you, not encrypted).</source>
        <translation>没有可用的钥匙串：密钥保存在 {path}（仅您本人可读，但未加密）。</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>stored in the secrets file (no keyring); type to replace</source>
        <translation>已保存在密钥文件中（无钥匙串）；输入新值即替换</translation>
    </message>
    <message>
        <source>stored in the keyring; type to replace</source>
        <translation>已保存在钥匙串中；输入新值即替换</translation>
    </message>
    <message>
        <source>A channel named {name} exists already.</source>
        <translation>已有名为 {name} 的渠道。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Signing secret (HMAC)</source>
        <translation>签名密钥（HMAC）</translation>
    </message>
    <message>
        <source>Signing secret</source>
        <translation>加签密钥</translation>
    </message>
    <message>
        <source>Bot token</source>
        <translation>机器人令牌</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Headers (JSON)</source>
        <translation>请求头（JSON）</translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation>超时（秒）</translation>
    </message>
    <message>
        <source>Mention (user IDs)</source>
        <translation>提醒成员（用户 ID）</translation>
    </message>
    <message>
        <source>Mention everyone</source>
        <translation>@所有人</translation>
    </message>
    <message>
        <source>Mention (mobile numbers)</source>
        <translation>提醒成员（手机号）</translation>
    </message>
    <message>
        <source>Chat ID</source>
        <translation>聊天 ID</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>API 基础网址</translation>
    </message>
    <message>
        <source>SMTP server</source>
        <translation>SMTP 服务器</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Security (starttls, tls, none)</source>
        <translation>加密方式（starttls、tls、none）</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>To (comma-separated)</source>
        <translation>收件人（逗号分隔）</translation>
    </message>
</context>
<context>
    <name>ChannelsModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Not usable: {why}</source>
        <translation>无法使用：{why}</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>OK, last sent {time}</source>
        <translation>正常，最近发送于 {time}</translation>
    </message>
    <message>
        <source>Failing since {time}: {error}</source>
        <translation>自 {time} 起发送失败：{error}</translation>
    </message>
</context>
<context>
    <name>ChannelsPage</name>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Send test message</source>
        <translation>发送测试消息</translation>
    </message>
    <message>
        <source>No keyring is available: the channels&apos; secrets are kept in {path}, readable only by you but not encrypted. Install a keyring (GNOME Keyring, KWallet) to keep them encrypted.</source>
        <translation>没有可用的钥匙串：渠道的密钥保存在 {path}，仅您本人可读，但未加密。安装钥匙串（GNOME Keyring、KWallet）即可加密保存。</translation>
    </message>
    <message>
        <source>Not valid, kept in the settings file as written: {problems}</source>
        <translation>以下条目无效，已按原样保留在设置文件中：{problems}</translation>
    </message>
    <message>
        <source>Remove channel</source>
        <translation>删除渠道</translation>
    </message>
    <message>
        <source>Remove channel {name} and its secrets? Rules that name it will alert on the tray only.</source>
        <translation>删除渠道 {name} 及其密钥？引用它的规则将只在托盘提醒。</translation>
    </message>
    <message>
        <source>Sending a test message to {name}…</source>
        <translation>正在向 {name} 发送测试消息…</translation>
    </message>
    <message>
        <source>Delivered to {name}. The provider answered: {answer}</source>
        <translation>已送达 {name}。服务方回复：{answer}</translation>
    </message>
    <message>
        <source>Not delivered to {name}: {error}</source>
        <translation>未能送达 {name}：{error}</translation>
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
        <translation>触发后，此条件须回落超过该幅度，规则才能再次触发</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add a condition (and)</source>
        <translation>添加条件（且）</translation>
    </message>
    <message>
        <source>Fire only when every condition holds for the code at the same time</source>
        <translation>仅当该代码的所有条件同时成立时触发</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>FlowDeck: unexpected error</source>
        <translation>FlowDeck：意外错误</translation>
    </message>
    <message>
        <source>FlowDeck keeps running. Every error is written to
{path}</source>
        <translation>FlowDeck 仍在运行。所有错误都会写入
{path}</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>{n} more error(s) since; see the log.</source>
        <translation>此后又出现 {n} 个错误，详见日志。</translation>
    </message>
</context>
<context>
    <name>CurrencySettings</name>
    <message>
        <source>Amount columns over several currencies sort by their value in this currency, and rules can compare in it</source>
        <translation>多种货币的金额列按折合成此货币的价值排序，提醒规则也可按此货币比较</translation>
    </message>
    <message>
        <source>1 {currency} =</source>
        <translation>1 {currency} =</translation>
    </message>
    <message>
        <source>no rate</source>
        <translation>无汇率</translation>
    </message>
    <message>
        <source>user</source>
        <comment>a rate&apos;s source: typed in by the user</comment>
        <translation>手动输入</translation>
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
        <translation>今日 · 实时</translation>
    </message>
    <message>
        <source>{0} · not archived</source>
        <translation>{0} · 未存档</translation>
    </message>
    <message>
        <source>{0} · close</source>
        <translation>{0} · 收盘</translation>
    </message>
    <message>
        <source>{0} · archived before the close</source>
        <translation>{0} · 收盘前存档</translation>
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
        <translation>重新显示今日实时走势</translation>
    </message>
    <message>
        <source>Chart the day the window shows again</source>
        <translation>重新显示窗口所示的那一天</translation>
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
        <translation>最近 {0} 个已存档交易日</translation>
    </message>
    <message>
        <source>Which net inflow the bars show</source>
        <translation>柱状图显示哪一档的净流入</translation>
    </message>
    <message>
        <source>No flow archive is open: past days are not kept for this source.</source>
        <translation>未打开资金流存档：此数据源不保存历史日。</translation>
    </message>
    <message>
        <source>No past days archived for {code}. File &gt; Fill past days… or `flowdeck backfill {code}` fills them.</source>
        <translation>{code} 没有已存档的历史日。可用 文件 &gt; 补全历史日… 或 `flowdeck backfill {code}` 补全。</translation>
    </message>
    <message>
        <source>{0} net</source>
        <translation>{0}净流入</translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation>占比</translation>
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
        <translation>每个代码每天最多一次</translation>
    </message>
    <message>
        <source>Besides the cooldown: after it fires for a code, not again that exchange day</source>
        <translation>冷却之外：对某代码触发后，该交易日内不再触发</translation>
    </message>
    <message>
        <source>Expires after</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>After this day the rule stays silent</source>
        <translation>过了这一天，规则不再触发</translation>
    </message>
    <message>
        <source>{name} (not in Settings &gt; Channels)</source>
        <translation>{name}（不在 设置 &gt; 渠道 中）</translation>
    </message>
    <message>
        <source>The tray always; also to the channels ticked:</source>
        <translation>总会显示在托盘；另发送到勾选的渠道：</translation>
    </message>
    <message>
        <source>The tray only: add channels (WeCom, DingTalk, e-mail…) in Settings &gt; Channels.</source>
        <translation>仅托盘：可在 设置 &gt; 渠道 中添加渠道（企业微信、钉钉、邮件…）。</translation>
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
        <translation>详情</translation>
    </message>
    <message>
        <source>Detail — {0} ({1})</source>
        <translation>详情 — {0}（{1}）</translation>
    </message>
    <message>
        <source>Flows</source>
        <translation>流入流出</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日线</translation>
    </message>
    <message>
        <source>Daily net inflow from the archive; click a day to chart it</source>
        <translation>存档中的每日净流入；点击某日查看当日走势</translation>
    </message>
    <message>
        <source>Not archived for {0}</source>
        <extracomment>`_drawn_version` once an archived day is drawn (no history version is negative).</extracomment>
        <translation>{0} 未存档</translation>
    </message>
    <message>
        <source>No minute series archived (daily numbers only)</source>
        <translation>未存档分钟序列（仅有日数据）</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
</context>
<context>
    <name>DetailTape</name>
    <message>
        <source>Trades</source>
        <translation>大单</translation>
    </message>
    <message>
        <source>The stock&apos;s big trades today, newest first</source>
        <translation>该股今日的大单，最新在前</translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <source>Watchlist: details</source>
        <translation>自选股：详情</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>stock code must be a string, got {text}</source>
        <translation>股票代码必须是文本，收到的是 {text}</translation>
    </message>
    <message>
        <source>invalid stock code {text}: codes are ASCII letters, digits and dots, such as HK.00700</source>
        <translation>股票代码 {text} 无效：代码只能由英文字母、数字和点组成，例如 HK.00700</translation>
    </message>
    <message>
        <source>invalid stock code {text}: expected MARKET.SYMBOL such as HK.00700</source>
        <translation>股票代码 {text} 无效：格式应为 市场.代码，例如 HK.00700</translation>
    </message>
    <message>
        <source>invalid stock code {text}: HK symbols are 1-5 digits</source>
        <translation>股票代码 {text} 无效：港股代码为 1-5 位数字</translation>
    </message>
    <message>
        <source>invalid stock code {text}: US tickers are 1-6 letters with an optional class suffix such as .B</source>
        <translation>股票代码 {text} 无效：美股代码为 1-6 个字母，可带类别后缀，例如 .B</translation>
    </message>
    <message>
        <source>invalid stock code {text}: SH symbols are exactly 6 digits</source>
        <translation>股票代码 {text} 无效：沪市代码为 6 位数字</translation>
    </message>
    <message>
        <source>invalid stock code {text}: SZ symbols are exactly 6 digits</source>
        <translation>股票代码 {text} 无效：深市代码为 6 位数字</translation>
    </message>
    <message>
        <source>code {text} is not in market {market}</source>
        <translation>代码 {text} 不属于 {market} 市场</translation>
    </message>
    <message>
        <source>{code} is already in the list</source>
        <translation>{code} 已在列表中</translation>
    </message>
    <message>
        <source>unknown market {market}; expected one of {names}</source>
        <translation>未知市场 {market}；应为 {names} 之一</translation>
    </message>
    <message>
        <source>the source is empty</source>
        <translation>数据源为空</translation>
    </message>
    <message>
        <source>unknown source {url}; known: {known}</source>
        <translation>未知数据源 {url}；可用：{known}</translation>
    </message>
    <message>
        <source>the futu:// source needs the futu-api package, which is not installed; install it with: {hint}</source>
        <translation>futu:// 数据源需要 futu-api 软件包，但尚未安装；安装命令：{hint}</translation>
    </message>
    <message>
        <source>this FlowDeck bundle was built without the futu:// source; use a FlowDeck bundle built with the Futu option (python packaging/build.py --futu)</source>
        <translation>此 FlowDeck 安装包不含 futu:// 数据源；请使用带富途选项构建的安装包（python packaging/build.py --futu）</translation>
    </message>
    <message>
        <source>{scheme}: unknown option {option}; known options: {known}</source>
        <translation>{scheme}：未知选项 {option}；可用选项：{known}</translation>
    </message>
    <message>
        <source>{scheme}: bad port in {url}; expected a number 1-65535 as in {example}</source>
        <translation>{scheme}：{url} 中的端口无效；应为 1-65535 的数字，例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: no host in {url}; expected e.g. {example}</source>
        <translation>{scheme}：{url} 缺少主机；例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: no port in {url}; expected e.g. {example}</source>
        <translation>{scheme}：{url} 缺少端口；例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: unexpected path {path} in {url}; expected e.g. {example}</source>
        <translation>{scheme}：{url} 中不应有路径 {path}；例如 {example}</translation>
    </message>
    <message>
        <source>{scheme}: {name} must be a number of seconds &gt; 0, got {value}</source>
        <translation>{scheme}：{name} 必须是大于 0 的秒数，收到的是 {value}</translation>
    </message>
    <message>
        <source>{scheme}: {name} must be a number &gt; 0, got {value}</source>
        <translation>{scheme}：{name} 必须是大于 0 的数字，收到的是 {value}</translation>
    </message>
    <message>
        <source>{scheme}: {name} must be an integer, got {value}</source>
        <translation>{scheme}：{name} 必须是整数，收到的是 {value}</translation>
    </message>
    <message>
        <source>eastmoney: rate must be a number of requests a second, more than 0 and at most {limit}, got {value}</source>
        <translation>eastmoney：rate 是每秒请求数，必须大于 0 且不超过 {limit}，收到的是 {value}</translation>
    </message>
    <message>
        <source>eastmoney: tls must be 0 or 1, got {value}</source>
        <translation>eastmoney：tls 必须是 0 或 1，收到的是 {value}</translation>
    </message>
    <message>
        <source>eastmoney: tls applies to a HOST:PORT only, as in {example}</source>
        <translation>eastmoney：tls 只用于指定了 HOST:PORT 的地址，例如 {example}</translation>
    </message>
    <message>
        <source>Invalid value: {message}</source>
        <translation>参数无效：{message}</translation>
    </message>
    <message>
        <source>Invalid code: {message}</source>
        <translation>代码无效：{message}</translation>
    </message>
    <message>
        <source>Source failed: {message}</source>
        <translation>数据源出错：{message}</translation>
    </message>
</context>
<context>
    <name>FlowTableView</name>
    <message>
        <source>Reset columns</source>
        <translation>恢复默认列</translation>
    </message>
</context>
<context>
    <name>FollowStatus</name>
    <message>
        <source>no codes in the watchlist</source>
        <translation>自选股列表中没有代码</translation>
    </message>
    <message>
        <source>East Money refused the request (too frequent?) — retrying at {time}</source>
        <translation>东方财富拒绝了请求（请求过于频繁？）— 将于 {time} 重试</translation>
    </message>
    <message>
        <source>next retry at {time}: {error}</source>
        <translation>将于 {time} 重试：{error}</translation>
    </message>
    <message>
        <source>next retry at {time}</source>
        <translation>将于 {time} 重试</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Settings could not be saved: {error}. They are kept in memory.</source>
        <translation>无法保存设置：{error}。设置暂存在内存中。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>&amp;Alerts</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Filter codes…</source>
        <translation>筛选代码…</translation>
    </message>
    <message>
        <source>Settings could not be saved: {error}. Your changes are kept in memory and saved as soon as the disk accepts them.</source>
        <translation>无法保存设置：{error}。您的更改暂存在内存中，磁盘恢复可写后会立即保存。</translation>
    </message>
</context>
<context>
    <name>MarketControls</name>
    <message>
        <source>Stocks</source>
        <translation>个股</translation>
    </message>
    <message>
        <source>Sectors</source>
        <translation>板块</translation>
    </message>
    <message>
        <source>Industries</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Concepts</source>
        <translation>概念</translation>
    </message>
    <message>
        <source>How many codes or sectors to show</source>
        <translation>显示多少只股票或多少个板块</translation>
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
        <translation>{sector} 成分股</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>市场</translation>
    </message>
    <message>
        <source>Add to watchlist</source>
        <translation>加入自选股</translation>
    </message>
    <message>
        <source>All stocks</source>
        <translation>全部个股</translation>
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
        <translation>沪市</translation>
    </message>
    <message>
        <source>Shenzhen</source>
        <translation>深市</translation>
    </message>
    <message>
        <source>A-shares (SH + SZ)</source>
        <translation>A股（沪 + 深）</translation>
    </message>
    <message>
        <source>All markets</source>
        <translation>全部市场</translation>
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
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>现价</translation>
    </message>
    <message>
        <source>Chg %</source>
        <translation>涨跌幅</translation>
    </message>
    <message>
        <source>Main today</source>
        <translation>今日主力</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>板块</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成分股</translation>
    </message>
    <message>
        <source>watchlist “{name}”</source>
        <translation>自选股列表“{name}”</translation>
    </message>
    <message>
        <source>{period} rankings need the flow history: no archive is open</source>
        <translation>{period}排名需要资金流历史：未打开历史数据</translation>
    </message>
    <message>
        <source>{period} rankings: the flow history cannot be read ({error}); read again at its next update</source>
        <translation>{period}排名：无法读取资金流历史（{error}）；将在其下次更新时重新读取</translation>
    </message>
    <message>
        <source>{label} {period}, East Money&apos;s</source>
        <translation>{label} {period}（东方财富口径）</translation>
    </message>
    <message>
        <source>No sectors known for {scope}</source>
        <translation>{scope}没有已知的板块</translation>
    </message>
    <message>
        <source>Asking East Money for its concept boards…</source>
        <translation>正在向东方财富获取概念板块…</translation>
    </message>
    <message>
        <source>East Money&apos;s concept boards: {error}; asked again in a minute</source>
        <translation>东方财富概念板块：{error}；一分钟后重试</translation>
    </message>
    <message>
        <source>Ranks East Money&apos;s {boards} concept boards by their own flows (a stock is in several; double-click one for its members)</source>
        <translation>按东方财富 {boards} 个概念板块自身的资金流排名（一只股票属于多个概念；双击查看成分股）</translation>
    </message>
    <message>
        <source>Concept boards rank today&apos;s flows only, not {period}</source>
        <translation>概念板块仅按今日资金流排名，不支持{period}</translation>
    </message>
    <message>
        <source>Ranks the sectors of {scope} over {period}: {sectors} sectors, {codes} ({known} with past days in the flow history)</source>
        <translation>按{period}资金流排名{scope}的板块：{sectors} 个板块，{codes}（{known} 只在资金流历史中有历史数据）</translation>
    </message>
    <message>
        <source>your watchlists</source>
        <translation>您的自选股</translation>
    </message>
    <message>
        <source>{count} plates</source>
        <translation>{count} 个板块</translation>
    </message>
    <message>
        <source>plates {names}</source>
        <translation>板块 {names}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>plate {name}</source>
        <translation>板块 {name}</translation>
    </message>
    <message>
        <source> ({loaded} of {count} loaded)</source>
        <translation>（已载入 {loaded}/{count}）</translation>
    </message>
    <message>
        <source>Over {period}: the {known} of {codes} with past days in the flow history (codes you followed)</source>
        <translation>{period}：{codes}中资金流历史存有往日数据的 {known} 只（您关注过的股票）</translation>
    </message>
    <message>
        <source>the followed codes</source>
        <translation>关注的股票</translation>
    </message>
    <message>
        <source>{count} codes of all markets</source>
        <translation>全部市场的 {count} 只股票</translation>
    </message>
    <message>
        <source>{count} {market} codes</source>
        <translation>{count} 只{market}股票</translation>
    </message>
    <message>
        <source>Ranks {scope}: {codes} ({known} with a value)</source>
        <translation>排名{scope}：{codes}（{known} 只有数据）</translation>
    </message>
    <message>
        <source>Reading {period} from the flow history…</source>
        <translation>{period}：正在读取资金流历史…</translation>
    </message>
    <message>
        <source>{period} rankings need past days: no code ranked here has a day before today in the flow history (follow codes, or File &gt; Fill past days)</source>
        <translation>{period}排名需要历史数据：此处排名的代码在资金流历史中都没有今日之前的数据（请关注代码，或 文件 &gt; 补录历史）</translation>
    </message>
    <message>
        <source>{label} {period} ({covered} of {days} days)</source>
        <translation>{label} {period}（{covered}/{days} 天）</translation>
    </message>
    <message>
        <source>Ranks the sectors of {scope} on today&apos;s flows: {sectors} sectors, {codes}</source>
        <translation>按今日资金流排名{scope}的板块：{sectors} 个板块，{codes}</translation>
    </message>
    <message>
        <source>the whole simulated market</source>
        <translation>整个模拟市场</translation>
    </message>
    <message>
        <source>the codes in the replay file</source>
        <translation>回放文件中的股票</translation>
    </message>
    <message>
        <source>the gateway&apos;s whole market</source>
        <translation>网关的整个市场</translation>
    </message>
    <message>
        <source>East Money&apos;s A-share list</source>
        <translation>东方财富的 A 股列表</translation>
    </message>
    <message>
        <source>{what}, 1 code</source>
        <translation>{what}，共 1 只股票</translation>
    </message>
    <message>
        <source>{what}, {count} codes</source>
        <translation>{what}，共 {count} 只股票</translation>
    </message>
    <message>
        <source>No rate for {currencies} in Settings: the amounts of their {count} codes are unknown here</source>
        <translation>设置中没有 {currencies} 的汇率：其 {count} 只股票的金额此处未知</translation>
    </message>
    <message>
        <source>No rate for {currencies} in Settings: their {count} codes are not ranked</source>
        <translation>设置中没有 {currencies} 的汇率：其 {count} 只股票未参与排名</translation>
    </message>
    <message>
        <source>Updated {seconds} s ago</source>
        <translation>{seconds} 秒前更新</translation>
    </message>
    <message>
        <source>the source&apos;s selection</source>
        <translation>数据源所选范围</translation>
    </message>
</context>
<context>
    <name>MarketThresholds</name>
    <message>
        <source>each stock&apos;s own currency</source>
        <translation>各股票自身的货币</translation>
    </message>
    <message>
        <source>Threshold in</source>
        <extracomment>The markets offered, with their edit&apos;s name (A: SH and SZ).</extracomment>
        <translation>阈值货币</translation>
    </message>
    <message>
        <source>as above</source>
        <translation>同上</translation>
    </message>
    <message>
        <source>{market}&apos;s own threshold, in its currency</source>
        <translation>{market} 自己的阈值，以其货币计</translation>
    </message>
    <message>
        <source>A-shares: SH and SZ</source>
        <translation>A 股：沪市和深市</translation>
    </message>
    <message>
        <source>An amount in {currency}, converted to each stock&apos;s currency at the rates in Settings: 5e7, 5000万 or 50M</source>
        <translation>以 {currency} 表示的金额，按“设置”中的汇率折合成各股票的货币：5e7、5000万 或 50M</translation>
    </message>
    <message>
        <source>No rate for {currencies}: codes in it are not checked by this rule until File &gt; Settings has one.</source>
        <translation>{currencies} 没有汇率：在“文件 &gt; 设置”填写之前，此规则不检查以该货币计价的股票。</translation>
    </message>
</context>
<context>
    <name>MatchesModel</name>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>市场</translation>
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
        <translation>详情…</translation>
    </message>
    <message>
        <source>Everything the last paste or import did</source>
        <translation>上次粘贴或导入的全部结果</translation>
    </message>
</context>
<context>
    <name>Notifiers</name>
    <message>
        <source>{n} more alerts</source>
        <translation>另有 {n} 条提醒</translation>
    </message>
    <message>
        <source>They are in the alert log (Open alert log in this menu).</source>
        <translation>它们都在告警日志中（可从此菜单“打开告警日志”查看）。</translation>
    </message>
    <message>
        <source>Alert: {title} — {body}</source>
        <translation>提醒：{title} — {body}</translation>
    </message>
    <message>
        <source>  (+{n} more in the alert log)</source>
        <translation>  （告警日志中另有 {n} 条）</translation>
    </message>
</context>
<context>
    <name>OutsideRow</name>
    <message>
        <source>Add to watchlist</source>
        <translation>加入自选股</translation>
    </message>
    <message>
        <source>Not in your watchlist: the Market view&apos;s numbers at {time}</source>
        <translation>不在自选股中：市场视图 {time} 的数据</translation>
    </message>
    <message>
        <source>{main} {net} ({ratio}) · turnover {turnover}</source>
        <translation>{main} {net}（{ratio}）· 成交额 {turnover}</translation>
    </message>
    <message>
        <source>No inflow or outflow per tier until it is added to a watchlist.</source>
        <translation>加入自选股之前没有各档的流入和流出。</translation>
    </message>
</context>
<context>
    <name>PastDayDialog</name>
    <message>
        <source>Show a past day</source>
        <translation>查看历史日</translation>
    </message>
    <message>
        <source>Show this day</source>
        <translation>查看这一天</translation>
    </message>
    <message>
        <source>Nothing is archived for this source yet: File &gt; Fill past days… or `flowdeck backfill` fills it.</source>
        <translation>此数据源尚无存档：可用 文件 &gt; 补全历史日… 或 `flowdeck backfill` 补全。</translation>
    </message>
    <message>
        <source>The table and charts show the close of {0}, read-only; alerts are off until you go back to live.</source>
        <translation>表格和图表将显示 {0} 的收盘数据（只读）；回到实时之前提醒关闭。</translation>
    </message>
    <message>
        <source>No archived close on {0} (days in bold have one).</source>
        <translation>{0} 没有已存档的收盘数据（粗体日期有）。</translation>
    </message>
</context>
<context>
    <name>PastDayMode</name>
    <message>
        <source>Show a &amp;past day…</source>
        <translation>查看历史日(&amp;P)…</translation>
    </message>
    <message>
        <source>Put the table and charts on an archived day&apos;s close</source>
        <translation>让表格和图表显示某个已存档交易日的收盘</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>回到实时(&amp;L)</translation>
    </message>
    <message>
        <source>As of {0} close</source>
        <translation>截至 {0} 收盘</translation>
    </message>
</context>
<context>
    <name>PastDayStrip</name>
    <message>
        <source>As of {0} close · read-only · alerts off</source>
        <translation>截至 {0} 收盘 · 只读 · 提醒已关闭</translation>
    </message>
    <message>
        <source>reading the archive… {0} of {1} codes</source>
        <translation>正在读取存档… {0} / {1} 个代码</translation>
    </message>
    <message>
        <source>{0} of {1} codes have no archived close that day (—)</source>
        <translation>{1} 个代码中有 {0} 个当日无存档收盘（—）</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <source>Show the live table and charts again</source>
        <translation>重新显示实时表格和图表</translation>
    </message>
</context>
<context>
    <name>PlateButton</name>
    <message>
        <source>Plates ({count})</source>
        <translation>板块（{count}）</translation>
    </message>
    <message>
        <source>Plates</source>
        <translation>板块</translation>
    </message>
    <message>
        <source>Rank the stocks of these plates beside your watchlists&apos; (the source polls them too: every row gets older)</source>
        <translation>在自选股之外，一并排名这些板块的股票（数据源也会轮询它们：每行数据都会更旧一些）</translation>
    </message>
</context>
<context>
    <name>QuickSearch</name>
    <message>
        <source>&amp;Find a stock…</source>
        <translation>查找股票(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a stock by code, name or pinyin initials</source>
        <translation>按代码、名称或拼音首字母查找股票</translation>
    </message>
    <message>
        <source>Code, name or pinyin: 700, 茅台, gzmt …</source>
        <translation>代码、名称或拼音：700、茅台、gzmt …</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>A flow value</source>
        <translation>资金流数值</translation>
    </message>
    <message>
        <source>One big trade</source>
        <translation>单笔大单</translation>
    </message>
    <message>
        <source>Buy or sell</source>
        <translation>买入或卖出</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>One code</source>
        <translation>单只股票</translation>
    </message>
    <message>
        <source>Watchlist</source>
        <translation>自选股列表</translation>
    </message>
    <message>
        <source>All watched codes</source>
        <translation>所有关注的代码</translation>
    </message>
    <message>
        <source>crosses (either way)</source>
        <translation>穿越（任一方向）</translation>
    </message>
    <message>
        <source>An amount in the stock&apos;s currency: 5e7, 5000万, 0.5亿 or 50M</source>
        <translation>以股票计价货币表示的金额：5e7、5000万、0.5亿 或 50M</translation>
    </message>
    <message>
        <source>A share of turnover: 12% or 0.12 (from -100% to 100%)</source>
        <translation>占成交额的比例：12% 或 0.12（-100% 至 100%）</translation>
    </message>
    <message>
        <source>Trading days in a row: 3 (inflow) or -3 (outflow)</source>
        <translation>连续交易日数：3（流入）或 -3（流出）</translation>
    </message>
    <message>
        <source>The least value of one trade, in the stock&apos;s currency: 1000万 or 10M. It fires once for each such trade</source>
        <translation>单笔成交的最低金额（股票本币）：1000万 或 10M。每笔这样的成交提醒一次</translation>
    </message>
    <message>
        <source>e.g. 5000万 or 50M</source>
        <translation>例如 5000万 或 50M</translation>
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
        <translation>例如 1000万 或 10M</translation>
    </message>
    <message>
        <source>Edit alert</source>
        <translation>编辑提醒</translation>
    </message>
    <message>
        <source>New alert</source>
        <translation>新建提醒</translation>
    </message>
    <message>
        <source>e.g. HK.00700</source>
        <translation>例如 HK.00700</translation>
    </message>
    <message>
        <source>every code the table shows</source>
        <translation>表格中显示的所有代码</translation>
    </message>
    <message>
        <source>After firing, the value must move back past the threshold by this much before the rule can fire again</source>
        <translation>触发后，数值须反向越过阈值达此幅度，规则才会再次触发</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The least time between two alerts of this rule for a code</source>
        <translation>同一代码两次触发此规则的最短间隔</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>shown with the alert</source>
        <translation>随提醒一起显示</translation>
    </message>
    <message>
        <source>Fires on</source>
        <translation>提醒依据</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>不低于</translation>
    </message>
    <message>
        <source>Per market</source>
        <translation>分市场</translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation>回差</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>冷却时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Type a stock code, e.g. HK.00700.</source>
        <translation>请输入股票代码，例如 HK.00700。</translation>
    </message>
    <message>
        <source>There is no watchlist to choose; create one first.</source>
        <translation>没有可选的自选股列表，请先新建一个。</translation>
    </message>
    <message>
        <source>Type a threshold. {hint}.</source>
        <translation>请输入阈值。{hint}。</translation>
    </message>
    <message>
        <source>Now: no value yet.</source>
        <translation>当前：暂无数值。</translation>
    </message>
    <message>
        <source>Now: {value}.</source>
        <translation>当前：{value}。</translation>
    </message>
    <message>
        <source>Now: {n} codes, from {low} to {high}.</source>
        <translation>当前：{n} 只股票，从 {low} 到 {high}。</translation>
    </message>
    <message>
        <source>Already true now ({value} {op} {threshold}): it fires when it next becomes true.</source>
        <translation>当前已满足（{value} {op} {threshold}）：下次由不满足变为满足时才会提醒。</translation>
    </message>
    <message>
        <source>{codes} and {n} more</source>
        <translation>{codes} 等另外 {n} 只</translation>
    </message>
    <message>
        <source>Already true now for {codes}: each fires when the condition next becomes true for it.</source>
        <translation>{codes} 当前已满足条件：各自在下次重新满足时才会提醒。</translation>
    </message>
    <message>
        <source>Also</source>
        <translation>并且</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Type the threshold of condition {n}.</source>
        <translation>请输入条件 {n} 的阈值。</translation>
    </message>
    <message>
        <source>The day&apos;s price change from the previous close: 2% or -3.5%. Checked with each update of the code&apos;s flow</source>
        <translation>当日相对昨收的涨跌幅：2% 或 -3.5%。随该代码资金流的每次更新检查</translation>
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
        <translation>自选股列表 {name}</translation>
    </message>
    <message>
        <source>All watched codes</source>
        <translation>所有关注的代码</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} rules in the config file could not be loaded:</source>
        <translation>配置文件中有 {n} 条规则无法加载：</translation>
    </message>
    <message>
        <source>1 rule in the config file could not be loaded:</source>
        <translation>配置文件中有 1 条规则无法加载：</translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation>  …以及另外 {n} 条</translation>
    </message>
    <message>
        <source>They stay in the file as they are; fix them there.</source>
        <translation>这些规则原样保留在文件中，请在文件中修改。</translation>
    </message>
    <message>
        <source>Alert rules</source>
        <translation>提醒规则</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Added: {rule}.</source>
        <translation>已添加：{rule}。</translation>
    </message>
    <message>
        <source>Deleted {n} rules. Undo delete brings them back.</source>
        <translation>已删除 {n} 条规则。“撤销删除”可恢复。</translation>
    </message>
    <message>
        <source>Deleted 1 rule. Undo delete brings it back.</source>
        <translation>已删除 1 条规则。“撤销删除”可恢复。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation>已撤销。</translation>
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
        <translation>启用</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Hysteresis</source>
        <translation>回差</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>冷却</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>On: alerts fire</source>
        <translation>启用：会触发提醒</translation>
    </message>
    <message>
        <source>Off: kept but silent</source>
        <translation>停用：保留但不提醒</translation>
    </message>
    <message>
        <source>Sends to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>Not in Settings &gt; Channels: {names}. The rule keeps them; alerts skip them until they are added.</source>
        <translation>不在 设置 &gt; 渠道 中：{names}。规则保留它们；添加之前，提醒不会发到那里。</translation>
    </message>
    <message>
        <source>{rule} (expired {day})</source>
        <translation>{rule}（已于 {day} 到期）</translation>
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
        <translation>托盘</translation>
    </message>
</context>
<context>
    <name>SectorRow</name>
    <message>
        <source>Sector: {name}</source>
        <translation>板块：{name}</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>板块</translation>
    </message>
    <message>
        <source>no sector known for {code}</source>
        <translation>{code} 无已知板块</translation>
    </message>
    <message>
        <source>main net of the {n} of its {listed} members followed here</source>
        <translation>本窗口关注的 {n} 只成分股（共 {listed} 只）的主力净流入之和</translation>
    </message>
    <message>
        <source>main net of the {n} members followed here</source>
        <translation>本窗口关注的 {n} 只成分股的主力净流入之和</translation>
    </message>
    <message>
        <source>Draw the sector&apos;s main net inflow over the day: the sum of its members this window follows</source>
        <translation>绘制该板块当日的主力净流入：本窗口关注的成分股之和</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Automatic (by language)</source>
        <translation>自动（随语言）</translation>
    </message>
    <message>
        <source>万 / 亿</source>
        <translation>万 / 亿</translation>
    </message>
    <message>
        <source>Automatic (red up in Simplified Chinese, else green up)</source>
        <translation>自动（简体中文红涨绿跌，其他绿涨红跌）</translation>
    </message>
    <message>
        <source>Red up, green down (mainland China)</source>
        <translation>红涨绿跌（内地）</translation>
    </message>
    <message>
        <source>Green up, red down (Hong Kong, US)</source>
        <translation>绿涨红跌（香港、美国）</translation>
    </message>
    <message>
        <source>By market (red up for SH/SZ rows only)</source>
        <translation>按市场（仅沪深行红涨）</translation>
    </message>
    <message>
        <source>Automatic (system language)</source>
        <translation>自动（系统语言）</translation>
    </message>
    <message>
        <source>Automatic (system)</source>
        <translation>自动（跟随系统）</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>FlowDeck settings</source>
        <translation>FlowDeck 设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Big trades</source>
        <translation>大单</translation>
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
        <translation>交易中的市场里，超过此时长未更新的行显示为过时</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Number units</source>
        <translation>数字单位</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>涨跌颜色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Stale after</source>
        <translation>过时阈值</translation>
    </message>
    <message>
        <source>Stale data</source>
        <translation>数据过时</translation>
    </message>
    <message>
        <source>sim, sim?speed=20&amp;seed=7, gateway://host:port[?token=T], futu://host:port (Futu OpenD), eastmoney:// (East Money&apos;s public A-share numbers, no account)</source>
        <translation>sim、sim?speed=20&amp;seed=7、gateway://host:port[?token=T]、futu://host:port（富途 OpenD）、eastmoney://（东方财富公开的 A 股数据，无需账户）</translation>
    </message>
    <message>
        <source>Base currency</source>
        <translation>基准货币</translation>
    </message>
    <message>
        <source>Saved in {path}</source>
        <translation>保存于 {path}</translation>
    </message>
    <message>
        <source>Running: {running} (--source override; saved: {saved})</source>
        <translation>正在运行：{running}（--source 命令行覆盖；已保存：{saved}）</translation>
    </message>
</context>
<context>
    <name>SortCurrency</name>
    <message>
        <source>Sorted by value in {base}</source>
        <translation>按折合 {base} 的价值排序</translation>
    </message>
    <message>
        <source>Rates: {rates}</source>
        <translation>汇率：{rates}</translation>
    </message>
    <message>
        <source>Older than {days} days: {currencies} (File &gt; Settings)</source>
        <translation>超过 {days} 天的汇率：{currencies}（文件 &gt; 设置）</translation>
    </message>
    <message>
        <source>No rate for {currencies}: those rows sort after the others, in their own currency (File &gt; Settings)</source>
        <translation>{currencies} 没有汇率：这些行排在其他行之后，按其自身货币排序（文件 &gt; 设置）</translation>
    </message>
</context>
<context>
    <name>StaleSettingsPage</name>
    <message>
        <source>One alert when the source is down, or codes of an open market have had no update for this long, and one when the data comes back; never during lunch breaks or when the market is closed. They are kept in the alert log and go to the channels checked.</source>
        <translation>数据源中断，或交易中市场的股票超过此时长未有更新时告警一次，数据恢复时再告警一次；午休和收市时不告警。告警记入告警日志，并发送到勾选的渠道。</translation>
    </message>
    <message>
        <source>Alert when data goes stale</source>
        <translation>数据过时时告警</translation>
    </message>
    <message>
        <source>No update for</source>
        <translation>未更新时长</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>{name} (not configured)</source>
        <translation>{name}（未配置）</translation>
    </message>
    <message>
        <source>No channels yet: add them on the Channels page; alerts still go to the alert log.</source>
        <translation>尚无渠道：可在“渠道”页添加；告警仍会记入告警日志。</translation>
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
        <translation>未开盘</translation>
    </message>
    <message>
        <source>lunch</source>
        <translation>午休</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已收盘</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>live</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>重连中</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>East Money numbers</source>
        <translation>东方财富口径</translation>
    </message>
    <message>
        <source>East Money&apos;s own published numbers: they size both sides of every trade, so the tiers&apos; net inflows sum to zero. Not comparable with FlowDeck&apos;s or Futu&apos;s numbers.</source>
        <translation>东方财富自己发布的数据：每笔成交的买卖双方分别按单子大小归类，各档净流入之和为零。与 FlowDeck 或富途的数据不可直接比较。</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>模拟数据</translation>
    </message>
    <message>
        <source>Synthetic data from the built-in market simulator</source>
        <translation>来自内置行情模拟器的合成数据</translation>
    </message>
    <message>
        <source>Source: {name}</source>
        <translation>数据源：{name}</translation>
    </message>
    <message>
        <source>Last: {time} ({code})</source>
        <translation>最新：{time}（{code}）</translation>
    </message>
    <message>
        <source>{code} {time} (exchange time)</source>
        <translation>{code} {time}（交易所时间）</translation>
    </message>
    <message>
        <source>Fresh: oldest {oldest} s · median {median} s</source>
        <translation>数据时效：最旧 {oldest} 秒 · 中位数 {median} 秒</translation>
    </message>
    <message>
        <source>Fresh: waiting</source>
        <translation>数据时效：等待中</translation>
    </message>
    <message>
        <source> · {n} waiting</source>
        <translation> · {n} 个等待中</translation>
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
        <translation>各行距上次刷新的秒数（刷新节奏由数据源的请求配额决定），最旧的在前：</translation>
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
        <translation>仅自选</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Min value</source>
        <translation>最小金额</translation>
    </message>
    <message>
        <source>Only trades worth at least this much, in the stock&apos;s own currency: 1000万, 10M, 5e6</source>
        <translation>仅显示金额不低于此值的成交（以该股票自身的货币计）：1000万、10M、5e6</translation>
    </message>
    <message>
        <source>Either side</source>
        <translation>买卖不限</translation>
    </message>
</context>
<context>
    <name>TapeDock</name>
    <message>
        <source>{kept} big trades kept today, {dropped} older ones dropped by the caps</source>
        <translation>今日保留 {kept} 笔大单，较早的 {dropped} 笔因上限已移除</translation>
    </message>
    <message>
        <source>Big trades</source>
        <translation>大单追踪</translation>
    </message>
    <message>
        <source>The tape keeps each code&apos;s last trades of the day and a number in all (Settings › Big trades)</source>
        <translation>每只股票保留当日最近的大单，总数亦有上限（设置 › 大单）</translation>
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
        <translation>第 {line} 行：{code} 后面需要一个最小金额</translation>
    </message>
    <message>
        <source>{what}: “{text}” is not an amount of 0 or more (such as 5e6, 500万 or 5M)</source>
        <translation>{what}：“{text}”不是不小于 0 的金额（例如 5e6、500万 或 5M）</translation>
    </message>
    <message>
        <source>A trade is big when its value (price × quantity, in the stock&apos;s currency) is at least its code&apos;s minimum, else its market&apos;s. Blank: the market&apos;s default.</source>
        <translation>成交金额（价格 × 数量，以该股票的货币计）不低于该股票的最小金额（未设则按其市场的）即为大单。留空：使用市场默认值。</translation>
    </message>
    <message>
        <source>{market} minimum</source>
        <translation>{market} 最小金额</translation>
    </message>
    <message>
        <source>Per code</source>
        <translation>按股票</translation>
    </message>
    <message>
        <source>One a line: HK.00700 1000万</source>
        <translation>每行一个：HK.00700 1000万</translation>
    </message>
    <message>
        <source>Kept per code</source>
        <translation>每只股票保留</translation>
    </message>
    <message>
        <source>Kept in all</source>
        <translation>总共保留</translation>
    </message>
    <message>
        <source>The tape keeps each code&apos;s last trades of the day, this many</source>
        <translation>每只股票保留当日最近的大单条数</translation>
    </message>
    <message>
        <source>... and this many in all; the oldest go first</source>
        <translation>……以及总共保留的条数；最早的先移除</translation>
    </message>
</context>
<context>
    <name>TapeText</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>中性</translation>
    </message>
    <message>
        <source>↑ {count} new</source>
        <translation>↑ {count} 笔新成交</translation>
    </message>
    <message>
        <source>no quote rights for {market} pushes</source>
        <translation>没有 {market} 推送的行情权限</translation>
    </message>
    <message>
        <source>beyond the subscription quota</source>
        <translation>超出订阅额度</translation>
    </message>
    <message>
        <source>No big trades from {count} followed codes: {codes}</source>
        <translation>{count} 只关注的股票没有大单数据：{codes}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>live</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>new alert</source>
        <translation>有新提醒</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>Until resumed</source>
        <translation>直至恢复</translation>
    </message>
    <message>
        <source>Alerts paused until resumed</source>
        <translation>提醒已暂停，直至恢复</translation>
    </message>
    <message>
        <source>Alerts paused until {time}</source>
        <translation>提醒已暂停至 {time}</translation>
    </message>
    <message>
        <source>Pause alerts</source>
        <translation>暂停提醒</translation>
    </message>
    <message>
        <source>Resume alerts</source>
        <translation>恢复提醒</translation>
    </message>
    <message>
        <source>Open alert log</source>
        <translation>打开告警日志</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>隐藏窗口</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>显示窗口</translation>
    </message>
</context>
<context>
    <name>Undelivered</name>
    <message>
        <source>Not delivered to {channel} in time: {rule}</source>
        <translation>未能及时送达 {channel}：{rule}</translation>
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
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Added {n} codes.</source>
        <translation>已添加 {n} 个代码。</translation>
    </message>
    <message>
        <source>Added 1 code.</source>
        <translation>已添加 1 个代码。</translation>
    </message>
    <message>
        <source>{n} already in the list.</source>
        <translation>{n} 个已在列表中。</translation>
    </message>
    <message>
        <source>Invalid: {entry}</source>
        <translation>无效：{entry}</translation>
    </message>
    <message>
        <source>{n} invalid.</source>
        <translation>{n} 个无效。</translation>
    </message>
    <message>
        <source>{n} lines without a code skipped.</source>
        <translation>已跳过 {n} 行无代码的内容。</translation>
    </message>
    <message>
        <source>1 line without a code skipped.</source>
        <translation>已跳过 1 行无代码的内容。</translation>
    </message>
    <message>
        <source>Added ({n}):</source>
        <translation>已添加（{n}）：</translation>
    </message>
    <message>
        <source>Already in the list, ignored ({n}):</source>
        <translation>已在列表中，已忽略（{n}）：</translation>
    </message>
    <message>
        <source>Invalid codes ({n}):</source>
        <translation>无效代码（{n}）：</translation>
    </message>
    <message>
        <source>Lines without a code, skipped ({n}):</source>
        <translation>无代码的行，已跳过（{n}）：</translation>
    </message>
    <message>
        <source>  … and {n} more</source>
        <translation>  …以及另外 {n} 个</translation>
    </message>
    <message>
        <source>Watchlists</source>
        <translation>自选股</translation>
    </message>
    <message>
        <source>The active watchlist</source>
        <translation>当前自选股列表</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Create a watchlist</source>
        <translation>新建自选股列表</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename this watchlist</source>
        <translation>重命名此列表</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete this watchlist (Undo brings it back)</source>
        <translation>删除此列表（可撤销）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last watchlist edit (Ctrl+Z)</source>
        <translation>撤销上一次列表编辑 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected codes (Delete)</source>
        <translation>移除选中的代码 (Delete)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Add the codes on the clipboard</source>
        <translation>添加剪贴板中的代码</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add the codes of a text or CSV</source>
        <translation>从文本或 CSV 文件添加代码</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save this list, one code per line</source>
        <translation>保存此列表，每行一个代码</translation>
    </message>
    <message>
        <source>Add codes, names or pinyin: 700, 茅台, gzmt …</source>
        <translation>添加代码、名称或拼音：700、茅台、gzmt …</translation>
    </message>
    <message>
        <source>{n} codes, {k} invalid; Enter adds the valid ones.</source>
        <translation>{n} 个代码，{k} 个无效；按回车添加有效的代码。</translation>
    </message>
    <message>
        <source>{n} codes; Enter adds the valid ones.</source>
        <translation>{n} 个代码；按回车添加其中有效的代码。</translation>
    </message>
    <message>
        <source>Removed {codes}. Ctrl+Z undoes.</source>
        <translation>已移除 {codes}。按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Deleted the watchlist {name}. Undo brings it back.</source>
        <translation>已删除自选股列表 {name}。“撤销”可恢复。</translation>
    </message>
    <message>
        <source>Undone.</source>
        <translation>已撤销。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>New watchlist</source>
        <translation>新建自选股列表</translation>
    </message>
    <message>
        <source>Rename watchlist</source>
        <translation>重命名自选股列表</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Exported {n} codes to {path}.</source>
        <translation>已将 {n} 个代码导出到 {path}。</translation>
    </message>
    <message>
        <source>Import codes</source>
        <translation>导入代码</translation>
    </message>
    <message>
        <source>Export codes</source>
        <translation>导出代码</translation>
    </message>
</context>
<context>
    <name>WindowAlerts</name>
    <message>
        <source>Pause for 15 minutes</source>
        <translation>暂停 15 分钟</translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation>暂停 1 小时</translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation>暂停直至恢复</translation>
    </message>
    <message>
        <source>The alert log could not be read: {error}</source>
        <translation>无法读取告警日志：{error}</translation>
    </message>
    <message>
        <source>{n} line(s) of today&apos;s alert log {path} could not be read and were skipped.</source>
        <translation>今天的告警日志 {path} 中有 {n} 行无法读取，已跳过。</translation>
    </message>
    <message>
        <source>FlowDeck is still running</source>
        <translation>FlowDeck 仍在运行</translation>
    </message>
    <message>
        <source>Alerts keep coming here. Quit from this icon&apos;s menu.</source>
        <translation>提醒会继续显示在这里。如需退出，请使用此图标的菜单。</translation>
    </message>
    <message>
        <source>{code} is not in the active watchlist.</source>
        <translation>{code} 不在当前自选股列表中。</translation>
    </message>
    <message>
        <source>&amp;Manage rules…</source>
        <translation>管理规则…</translation>
    </message>
    <message>
        <source>&amp;New rule…</source>
        <translation>新建规则…</translation>
    </message>
    <message>
        <source>&amp;Resume alerts</source>
        <translation>恢复提醒</translation>
    </message>
    <message>
        <source>&amp;Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Rule saved. {warning}</source>
        <translation>规则已保存。{warning}</translation>
    </message>
    <message>
        <source> (and {n} more)</source>
        <translation>（另有 {n} 条）</translation>
    </message>
    <message>
        <source>{n} alert rule(s) in the config file could not be loaded and are kept there unchanged: {problems}</source>
        <translation>配置文件中有 {n} 条提醒规则无法加载，已在文件中原样保留：{problems}</translation>
    </message>
</context>
<context>
    <name>WindowChannels</name>
    <message>
        <source>No keyring is available: the alert channels&apos; secrets are kept in {path}, readable only by you but not encrypted.</source>
        <translation>没有可用的钥匙串：提醒渠道的密钥保存在 {path}，仅您本人可读，但未加密。</translation>
    </message>
    <message>
        <source>The secrets typed into the settings file for {names} were moved to {where} and taken out of the file.</source>
        <translation>设置文件中为 {names} 填写的密钥已移至 {where}，并已从文件中删除。</translation>
    </message>
    <message>
        <source>The secrets typed into the settings file could not be moved out of it: {error}</source>
        <translation>设置文件中填写的密钥无法移出该文件：{error}</translation>
    </message>
</context>
<context>
    <name>WindowDelivery</name>
    <message>
        <source>Alerts for the channels beyond the tray cannot be written to the outbox: {error}. They are kept in memory and written as soon as the disk accepts them.</source>
        <translation>发往托盘以外渠道的提醒无法写入发件箱：{error}。提醒暂存于内存，磁盘恢复可写后立即写入。</translation>
    </message>
    <message>
        <source>Alerts cannot be delivered to {name} since {since}: {error}. They are kept and retried.</source>
        <translation>自 {since} 起提醒无法送达 {name}：{error}。提醒已保留，将会重试。</translation>
    </message>
    <message>
        <source>Alerts cannot go to channels beyond the tray: {error}</source>
        <translation>提醒无法发送到托盘以外的渠道：{error}</translation>
    </message>
</context>
<context>
    <name>WindowHistory</name>
    <message>
        <source>Fill &amp;past days</source>
        <translation>补录历史(&amp;P)</translation>
    </message>
    <message>
        <source>Last {0} trading days</source>
        <translation>最近 {0} 个交易日</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop filling past days (what is saved stays)</source>
        <translation>停止补录历史（已保存的保留）</translation>
    </message>
    <message>
        <source>The flow history cannot be opened ({0}); today&apos;s numbers stay on screen but are not archived.</source>
        <translation>无法打开资金流向历史（{0}）；今日数据照常显示，但不会存档。</translation>
    </message>
    <message>
        <source>The flow history {0} could not be read; it was moved to {1} and a new history started.</source>
        <translation>无法读取资金流向历史 {0}；已将其移至 {1}，并新建历史。</translation>
    </message>
    <message>
        <source>The flow history cannot be saved ({0}); today&apos;s numbers are kept and saving is tried again.</source>
        <translation>无法保存资金流向历史（{0}）；今日数据保留在内存中，稍后重试保存。</translation>
    </message>
    <message>
        <source>This source keeps no flow history here yet: past days come from the simulator or a replay file.</source>
        <translation>此数据源暂无本地历史：历史数据可来自模拟器或回放文件。</translation>
    </message>
    <message>
        <source>Filling past days stopped: {0}</source>
        <translation>补录历史已中止：{0}</translation>
    </message>
    <message>
        <source>Past days: %v of %m</source>
        <translation>历史：%v / %m</translation>
    </message>
</context>
<context>
    <name>Zones</name>
    <message>
        <source>HKT</source>
        <translation>香港时间</translation>
    </message>
    <message>
        <source>EST</source>
        <translation>美东时间</translation>
    </message>
    <message>
        <source>EDT</source>
        <translation>美东时间</translation>
    </message>
    <message>
        <source>Beijing</source>
        <translation>北京时间</translation>
    </message>
</context>
</TS>
