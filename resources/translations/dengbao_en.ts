<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop/ui/about.py" line="34"/>
        <source>关于 等保台账</source>
        <translation>About Dengbao Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="36"/>
        <source>等保台账</source>
        <translation>Dengbao Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="42"/>
        <source>版本：%1</source>
        <translation>Version: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="43"/>
        <source>数据文件夹：%1</source>
        <translation>Data folder: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="44"/>
        <source>当前台账：%1</source>
        <translation>Current ledger: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="49"/>
        <source>随程序附带的字体及其许可证（SIL 开源字体许可证 1.1）：</source>
        <translation>Fonts bundled with the program and their licences (SIL Open Font License 1.1):</translation>
    </message>
</context>
<context>
    <name>AcceptRiskDialog</name>
    <message>
        <location filename="../../desktop/ui/finding.py" line="46"/>
        <source>风险接受</source>
        <extracomment>problems this dialog resolves itself by asking (the verifier&apos;s name; the approver and the reason)</extracomment>
        <translation>Risk acceptance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="48"/>
        <source>风险接受须由有权限的负责人批准，并写明理由和临时防护措施。</source>
        <translation>Accepting a risk needs approval by an authorised leader, with the reason and interim measures.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="54"/>
        <source>批准人 *</source>
        <translation>Approved by *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="55"/>
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="103"/>
        <source>等保台账</source>
        <translation>Dengbao Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="225"/>
        <source>无法打开台账</source>
        <translation>Cannot open the ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="324"/>
        <source>正在载入演示数据…</source>
        <translation>Loading demonstration data…</translation>
    </message>
</context>
<context>
    <name>ApprovalPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="330"/>
        <source>主管部门审核</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="331"/>
        <source>有行业主管（监管）部门的，定级结果应经其审核同意。</source>
        <translation>Where there is a supervising (regulatory) department, it must approve the grading.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="333"/>
        <source>有行业主管部门</source>
        <translation>Has a supervising department</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="336"/>
        <source>主管部门名称</source>
        <translation>Supervising department</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="338"/>
        <source>尚未审核</source>
        <translation>Not yet decided</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="339"/>
        <source>审核同意</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="340"/>
        <source>审核不同意</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="341"/>
        <source>审核结果</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="343"/>
        <source>审核日期</source>
        <translation>Approval date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="362"/>
        <source>点击“完成”保存定级：%1。</source>
        <translation>Click “Finish” to save the grading: %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="377"/>
        <source>请填写主管部门名称</source>
        <translation>Enter the supervising department</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="379"/>
        <source>请填写审核日期</source>
        <translation>Enter the approval date</translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="44"/>
        <source>把文件拖到这里即可添加为附件（文件保存在台账中，并记录 SHA-256 校验值）。</source>
        <translation>Drop files here to attach them (stored in the ledger with their SHA-256).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="64"/>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="66"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="67"/>
        <source>用系统中关联的程序打开所选附件</source>
        <translation>Open the selected attachment with its program</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="69"/>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="71"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="111"/>
        <source>选择要添加的文件</source>
        <translation>Choose files to attach</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="126"/>
        <source>正在添加 %1…</source>
        <translation>Adding %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="133"/>
        <source>已添加 %1（%2）</source>
        <translation>Added %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="157"/>
        <source>附件另存为</source>
        <translation>Save attachment as</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="168"/>
        <source>删除附件</source>
        <translation>Delete attachment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="168"/>
        <source>确定删除附件“%1”吗？</source>
        <translation>Delete attachment “%1”?</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="239"/>
        <source>台账的每一次新建、修改和删除都记录在这里（谁、何时、原值、新值），并以哈希链相连：任何一条被改动或删除，校验都会发现。</source>
        <translation>Every creation, change and deletion in the ledger is recorded here (who, when, old value, new value) and linked in a hash chain: the check finds any event that was altered or removed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="246"/>
        <source>只看某类记录</source>
        <translation>Show one kind of record only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="247"/>
        <source>全部记录</source>
        <translation>All records</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="249"/>
        <source>只看某个操作人</source>
        <translation>Show one user only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="250"/>
        <source>全部操作人</source>
        <translation>All users</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="252"/>
        <source>起始日期（含）</source>
        <translation>From date (inclusive)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="254"/>
        <source>截止日期（含）</source>
        <translation>To date (inclusive)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="256"/>
        <source>搜索字段或内容，或输入记录编号</source>
        <translation>Search fields or values, or type a record number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="258"/>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="262"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="264"/>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="294"/>
        <source>选择一条记录查看完整内容</source>
        <translation>Select an event to see it in full</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="307"/>
        <source>校验审计链</source>
        <translation>Verify audit chain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="308"/>
        <source>检查文件完整性和整个审计哈希链，找出第一条被改动或删除的记录</source>
        <translation>Check the file&apos;s integrity and the whole audit hash chain, and find the first event that was altered or removed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="343"/>
        <source>新建</source>
        <extracomment>the last chain check, for tests: the report&apos;s dict</extracomment>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="343"/>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="343"/>
        <source>删除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="410"/>
        <source>共 %1 条审计记录</source>
        <translation>%1 audit events</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="412"/>
        <source>符合条件的记录 %1 条</source>
        <translation>%1 matching events</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="436"/>
        <source>编号：%1    时间：%2    操作人：%3</source>
        <translation>No.: %1    Time: %2    User: %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="438"/>
        <source>操作：%1    记录：%2</source>
        <translation>Action: %1    Record: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="442"/>
        <source>字段：%1（%2）</source>
        <translation>Field: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="444"/>
        <source>原值：%1</source>
        <translation>Old value: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="446"/>
        <source>新值：%1</source>
        <translation>New value: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="447"/>
        <source>哈希：%1（前一条：%2）</source>
        <translation>Hash: %1 (previous: %2)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="473"/>
        <source>正在校验审计链…</source>
        <translation>Verifying the audit chain…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="476"/>
        <source>正在校验…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/auditpage.py" line="482"/>
        <source>校验已取消。</source>
        <translation>Verification cancelled.</translation>
    </message>
</context>
<context>
    <name>BackupPanel</name>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="90"/>
        <source>备份文件夹</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="97"/>
        <source>更改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="98"/>
        <source>选择保存备份的文件夹，如另一块硬盘或网络共享</source>
        <translation>Choose the folder for backups, e.g. another disk or a network share</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="100"/>
        <source>恢复默认</source>
        <translation>Reset to default</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="101"/>
        <source>备份保存到台账文件旁的 backups 文件夹</source>
        <translation>Keep backups in the backups folder beside the ledger file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="108"/>
        <source>程序运行时每天自动备份一次，退出时如有修改再备份一次；自动备份按日、周、月轮换保留，手动备份不会被自动删除。</source>
        <translation>While the program runs it backs up automatically once a day, and again on exit if anything changed; automatic backups are rotated by day, week and month, manual backups are never deleted automatically.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="116"/>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="119"/>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="120"/>
        <source>把台账完整备份到备份文件夹（加密，与台账使用同一密钥）</source>
        <translation>Write a complete backup of the ledger to the backup folder (encrypted with the ledger&apos;s key)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="122"/>
        <source>从所选备份恢复…</source>
        <translation>Restore selected backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="123"/>
        <source>用列表中选中的备份替换当前台账（先校验备份，并保留当前台账的副本）</source>
        <translation>Replace the current ledger with the selected backup (the backup is verified first and a copy of the current ledger is kept)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="126"/>
        <source>从文件恢复…</source>
        <translation>Restore from file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="127"/>
        <source>选择一个备份文件（如U盘上的备份）恢复</source>
        <translation>Choose a backup file to restore (e.g. one on a USB drive)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="129"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="138"/>
        <source>备份时间</source>
        <translation>Taken</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="138"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="138"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="139"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="161"/>
        <source>密钥</source>
        <translation>Key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="167"/>
        <source>显示恢复密钥…</source>
        <translation>Show recovery key…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="168"/>
        <source>显示、打印或保存此台账的恢复密钥</source>
        <translation>Show, print or save this ledger&apos;s recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="170"/>
        <source>更换密钥…</source>
        <translation>Change key…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="171"/>
        <source>用新的随机密钥重新加密台账（如恢复密钥可能已泄露）</source>
        <translation>Re-encrypt the ledger with a new random key (e.g. if the recovery key may have leaked)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="200"/>
        <source>服务器台账（PostgreSQL）由数据库管理员备份（如 pg_dump），本程序不做文件备份。</source>
        <extracomment>the last outcome, for tests: (&quot;backup&quot;|&quot;restore&quot;|&quot;rekey&quot;|…, result or exception)</extracomment>
        <translation>A server ledger (PostgreSQL) is backed up by the database administrator (e.g. pg_dump); this program makes no file backups of it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="204"/>
        <source>（默认）</source>
        <translation> (default)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="219"/>
        <source>台账已加密，密钥保存在系统凭据管理器中。恢复密钥是它的可打印形式。</source>
        <translation>The ledger is encrypted; its key is kept in the system credential manager. The recovery key is its printable form.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="220"/>
        <source>此台账未加密，没有密钥。</source>
        <translation>This ledger is not encrypted and has no key.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="221"/>
        <source>服务器台账没有文件密钥。</source>
        <translation>A server ledger has no file key.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="255"/>
        <source>选择备份文件夹</source>
        <translation>Choose backup folder</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="262"/>
        <source>备份文件夹已设为：%1</source>
        <translation>Backup folder set to: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="271"/>
        <source>正在备份台账…</source>
        <translation>Backing up the ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="273"/>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="281"/>
        <source>备份已取消。</source>
        <translation>Backup cancelled.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="284"/>
        <source>已备份到 %1</source>
        <translation>Backed up to %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="304"/>
        <source>选择备份文件</source>
        <translation>Choose backup file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="304"/>
        <source>台账备份 (*.db)</source>
        <translation>Ledger backups (*.db)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="315"/>
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="316"/>
        <source>用备份 %1 替换当前台账？

此后所做的修改将不在恢复后的台账中。程序会先把当前台账另存一份到备份文件夹，再完整校验所选备份；校验不通过时，当前台账不会有任何改变。</source>
        <translation>Replace the current ledger with the backup %1?

Changes made after it will not be in the restored ledger. The program first keeps a copy of the current ledger in the backup folder, then verifies the chosen backup completely; if the check fails, the current ledger is left exactly as it is.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="322"/>
        <source>正在校验并恢复备份…</source>
        <translation>Verifying and restoring the backup…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="327"/>
        <source>已从备份恢复（审计记录 %1 条，校验通过）。</source>
        <translation>Restored from the backup (%1 audit events, verified).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="329"/>
        <source>恢复前的台账已保存为 %1。</source>
        <translation> The ledger as it was before is kept as %1.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="339"/>
        <source>当前台账未做修改。</source>
        <translation> The current ledger was not changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="341"/>
        <source>未能恢复</source>
        <translation>Restore failed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="353"/>
        <source>显示恢复密钥</source>
        <translation>Show recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="354"/>
        <source>恢复密钥可以打开此台账。请确认周围没有无关人员，并在打印或保存后妥善保管。现在显示吗？</source>
        <translation>The recovery key opens this ledger. Make sure nobody else can see the screen, and keep the key safe once printed or saved. Show it now?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="369"/>
        <source>更换密钥</source>
        <translation>Change key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="370"/>
        <source>用新的随机密钥重新加密台账？

程序会先备份台账（备份仍用旧密钥）。更换后，以前打印或保存的恢复密钥不能再打开此台账，请打印或保存新的恢复密钥。其他电脑上的程序需要输入新的恢复密钥。</source>
        <translation>Re-encrypt the ledger with a new random key?

The program backs the ledger up first (the backup keeps the old key). Afterwards the recovery key printed or saved before no longer opens this ledger: print or save the new one. Other computers will need the new recovery key.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="375"/>
        <source>正在更换密钥…</source>
        <translation>Changing the key…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="380"/>
        <source>密钥已更换。更换前的备份（旧密钥）：%1</source>
        <translation>Key changed. Backup taken before (old key): %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="382"/>
        <source>
新密钥未能保存到系统凭据管理器：每次启动都需要输入新的恢复密钥。</source>
        <translation>
The new key could not be saved in the system credential manager: type the new recovery key at each start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="384"/>
        <source>
环境变量 DENGBAO_KEY 仍是旧密钥，请改为新的恢复密钥。</source>
        <translation>
The DENGBAO_KEY environment variable still holds the old key: change it to the new recovery key.</translation>
    </message>
</context>
<context>
    <name>ChildTable</name>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="55"/>
        <source>删除所选…</source>
        <translation>Delete selected…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="56"/>
        <source>删除所选的一行（记入审计记录，不能撤销）</source>
        <translation>Delete the selected row (recorded in the audit trail, cannot be undone)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="96"/>
        <source>删除</source>
        <extracomment>what the last refused deletion said (tests read it)</extracomment>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="96"/>
        <source>确定删除%1吗？
删除会记入审计记录，不能撤销。</source>
        <translation>Delete %1?
The deletion is recorded in the audit trail and cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="101"/>
        <source>不能删除</source>
        <translation>Cannot delete</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../db/repo/columns.py" line="13"/>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="14"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="15"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="16"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="17"/>
        <source>上级单位</source>
        <translation>Parent unit</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="18"/>
        <source>行政区划</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="19"/>
        <source>责任部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="20"/>
        <location filename="../../db/repo/columns.py" line="94"/>
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="21"/>
        <source>定级对象数</source>
        <translation>Objects</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="22"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="23"/>
        <source>单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="24"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="25"/>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="26"/>
        <source>域名</source>
        <translation>Domains</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="27"/>
        <source>ICP备案号</source>
        <translation>ICP filing no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="28"/>
        <source>网站标识码</source>
        <translation>Website code</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="29"/>
        <source>开办审核</source>
        <translation>Opening review</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="30"/>
        <source>上线日期</source>
        <translation>Go-live date</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="31"/>
        <source>定级对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="32"/>
        <source>业务信息等级</source>
        <translation>Business info level</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="33"/>
        <source>系统服务等级</source>
        <translation>Service level</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="34"/>
        <source>定级日期</source>
        <translation>Graded on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="35"/>
        <source>专家评审日期</source>
        <translation>Expert review date</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="36"/>
        <source>规则</source>
        <translation>Rule set</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="37"/>
        <source>受理公安机关</source>
        <translation>Police organ</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="38"/>
        <source>提交日期</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="39"/>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="40"/>
        <source>备案证明编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="41"/>
        <source>表格版本</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="42"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="43"/>
        <source>测评机构</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="44"/>
        <source>报告日期</source>
        <translation>Report date</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="45"/>
        <source>报告编号</source>
        <translation>Report no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="46"/>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="47"/>
        <source>得分/符合率</source>
        <translation>Score/compliance</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="48"/>
        <source>重大风险隐患</source>
        <translation>Major hazard</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="49"/>
        <source>机构代码</source>
        <translation>Institution code</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="50"/>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="51"/>
        <source>联系人</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="52"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="53"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="54"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="55"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="56"/>
        <source>重大隐患</source>
        <translation>Major hazard</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="57"/>
        <source>责任人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="58"/>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="59"/>
        <source>安全类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="60"/>
        <source>控制点</source>
        <translation>Control point</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="61"/>
        <source>测评项</source>
        <translation>Test item</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="62"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="63"/>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="64"/>
        <source>期限说明</source>
        <translation>Deadline note</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="65"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="66"/>
        <source>批准日期</source>
        <translation>Approved on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="67"/>
        <source>上次评审</source>
        <translation>Last review</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="68"/>
        <source>评审周期（月）</source>
        <translation>Review cycle (months)</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="69"/>
        <source>场景</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="70"/>
        <source>计划日期</source>
        <translation>Planned on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="71"/>
        <source>实施日期</source>
        <translation>Held on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="72"/>
        <source>事件级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="73"/>
        <source>发现时间</source>
        <translation>Discovered at</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="74"/>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="75"/>
        <source>发文单位</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="76"/>
        <source>收文日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="77"/>
        <source>未办结任务</source>
        <translation>Open tasks</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="78"/>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="79"/>
        <source>承办人</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="80"/>
        <source>办理期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="81"/>
        <source>完成日期</source>
        <translation>Done on</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="82"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="83"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="84"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="85"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="86"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="87"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="88"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="89"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="90"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="91"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="92"/>
        <source>添加时间</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="93"/>
        <source>措施数</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="95"/>
        <source>证明材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="96"/>
        <source>验证人</source>
        <translation>Verifier</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="97"/>
        <source>已具备</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="98"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="99"/>
        <source>业务信息</source>
        <translation>Business information</translation>
    </message>
    <message>
        <location filename="../../db/repo/columns.py" line="100"/>
        <source>系统服务</source>
        <translation>System service</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="62"/>
        <source>记录已被他人修改</source>
        <extracomment>the dialogs now open (tests and screenshots look here)</extracomment>
        <translation>Record changed by someone else</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="66"/>
        <source>打开此表单后，%1保存了这条记录，您的修改没有保存。请逐项选择保留哪一个值：勾选“保留我的”用您的值，不勾选则用对方已保存的值。</source>
        <translation>After you opened this form, %1 saved this record, and your changes were not saved. Choose which value to keep for each item: tick “Keep mine” to use your value, leave it unticked to use the value they saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="67"/>
        <source>另一位操作员（或另一个窗口、命令行）</source>
        <translation>another officer (or another window, or the command line)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="73"/>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="73"/>
        <source>他人保存的值</source>
        <translation>Their saved value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="73"/>
        <source>我的值</source>
        <translation>My value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="74"/>
        <source>保留我的</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="95"/>
        <source>对方保存的内容与您的表单相同。</source>
        <translation>What they saved is the same as your form.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="97"/>
        <source>保存所选</source>
        <translation>Save selection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="98"/>
        <source>重新载入（放弃我的修改）</source>
        <translation>Reload (discard my changes)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="99"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="117"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="119"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="119"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="159"/>
        <source>这条记录已被他人删除，修改无法保存。</source>
        <translation>This record was deleted by someone else; your changes cannot be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflict.py" line="187"/>
        <source>已重新载入他人保存的内容。</source>
        <translation>Reloaded what the other officer saved.</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <location filename="../../desktop/ui/charts.py" line="78"/>
        <source>定级对象按等级</source>
        <extracomment>neutral tones for categories that are not a state</extracomment>
        <translation>Objects by level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/charts.py" line="79"/>
        <source>问题按风险和状态</source>
        <translation>Findings by risk and status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/charts.py" line="80"/>
        <source>等级分布</source>
        <translation>Levels</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/charts.py" line="81"/>
        <source>问题分布</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/charts.py" line="89"/>
        <source>对象数</source>
        <translation>Objects</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/charts.py" line="137"/>
        <source>风险</source>
        <translation>Risk</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="88"/>
        <source>正在统计…</source>
        <extracomment>what a row of the attention tree opens: (entity, id, object id) or a list to show where the divider between the attention list and the statistics is remembered the first-run path: create a record of this entity (organizations, protected_objects) the summary is shown (numbers, attention list; the charts follow on the next turn of the loop) None (everything), &quot;overdue&quot; or &quot;soon&quot;: set by clicking the matching tile kinds whose every item was asked for (显示全部): kind → items</extracomment>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="102"/>
        <source>已逾期事项</source>
        <translation>Overdue items</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="103"/>
        <source>30天内到期</source>
        <translation>Due within 30 days</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="104"/>
        <source>逾期未整改问题</source>
        <translation>Overdue findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="105"/>
        <source>未完成整改问题</source>
        <translation>Open findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="106"/>
        <source>只显示已逾期的事项（再次点击显示全部）</source>
        <translation>Show only overdue items (click again to show all)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="107"/>
        <source>只显示即将到期的事项（再次点击显示全部）</source>
        <translation>Show only items due soon (click again to show all)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="108"/>
        <source>打开“问题整改”，只列逾期未整改的问题</source>
        <translation>Open Findings, listing only overdue open findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="109"/>
        <source>打开“问题整改”，只列未完成整改的问题</source>
        <translation>Open Findings, listing only open findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="118"/>
        <source>需要处理的事项（点击打开）</source>
        <translation>What needs attention (click to open)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="122"/>
        <source>显示全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="129"/>
        <source>情况</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="129"/>
        <source>到期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="129"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="146"/>
        <source>统计</source>
        <translation>Counts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="222"/>
        <source>台账还是空的。第一步：新建本单位；然后登记单位的网站和信息系统，再逐一定级。</source>
        <translation>The ledger is empty. Step 1: create your unit; then register its websites and systems, and grade each one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="223"/>
        <source>新建本单位…</source>
        <translation>New unit…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="225"/>
        <source>已有单位。第二步：登记单位的网站和信息系统，然后逐一定级。</source>
        <translation>Your unit is in. Step 2: register its websites and systems, then grade each one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="226"/>
        <source>新建网站或系统…</source>
        <translation>New website or system…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="228"/>
        <source>有 %1 项工作已逾期，请优先处理。</source>
        <translation>%1 items are overdue — deal with them first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="231"/>
        <source>没有逾期事项；%1 天内有 %2 项到期。</source>
        <translation>Nothing overdue; %2 items due within %1 days.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="234"/>
        <source>没有逾期事项，但有 %1 个网站或系统尚未定级：请打开它们，使用“定级向导”。</source>
        <translation>Nothing is overdue, but %1 websites or systems are not graded yet: open them and use the Grading wizard.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="239"/>
        <source>没有逾期或即将到期的事项。</source>
        <translation>Nothing overdue or due soon.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="242"/>
        <source> 另有 %1 个网站或系统尚未定级。</source>
        <translation> %1 websites or systems are not graded yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="263"/>
        <source>只显示：已逾期</source>
        <translation>Showing: overdue only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="263"/>
        <source>只显示：即将到期</source>
        <translation>Showing: due soon only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="264"/>
        <source>按紧急程度分组：小时、天、月</source>
        <translation>Grouped by urgency: hours, days, months</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="298"/>
        <source>逾期 %1</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="300"/>
        <source>临近 %1</source>
        <translation>%1 due soon</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="304"/>
        <source>已列出最紧急的 %1 项，还有 %2 项：点击显示全部 %3 项</source>
        <translation>The %1 most urgent are listed, %2 more: click to show all %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="310"/>
        <source>在“问题整改”中查看这些问题 →</source>
        <translation>See these findings in Findings →</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="315"/>
        <source>尚未定级（%1）</source>
        <translation>Not graded yet (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="318"/>
        <source>%1（%2）：请使用定级向导</source>
        <translation>%1 (%2): use the Grading wizard</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="319"/>
        <source>未定级</source>
        <translation>Not graded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="323"/>
        <source>已列出 %1 个，还有 %2 个：在“网站与信息系统”中查看全部未定级的 →</source>
        <translation>%1 listed, %2 more: see every ungraded one under Websites &amp; systems →</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="358"/>
        <source>还没有任何记录：请先新建本单位。</source>
        <translation>Nothing recorded yet: create your unit first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="360"/>
        <source>没有已逾期的事项。</source>
        <translation>Nothing is overdue.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="362"/>
        <source>%1 天内没有到期的事项。</source>
        <translation>Nothing falls due within %1 days.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="363"/>
        <source>没有需要处理的事项。</source>
        <translation>Nothing needs attention.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="400"/>
        <source>%1天内到期</source>
        <translation>Due within %1 days</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="336"/>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="336"/>
        <source>临近</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="335"/>
        <source>（按周一至周五估算）</source>
        <translation> (estimated with Monday–Friday)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="417"/>
        <source>定级对象（按等级）</source>
        <translation>Objects (by level)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="418"/>
        <source>备案（按状态）</source>
        <translation>Filings (by state)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="419"/>
        <source>问题（按状态）</source>
        <translation>Findings (by status)</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../desktop/ui/forms.py" line="78"/>
        <source>年-月-日 时:分</source>
        <extracomment>a composite editor (a :class:`FieldWidget`) for values a line edit cannot hold (ticks, names)</extracomment>
        <translation>yyyy-mm-dd hh:mm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="78"/>
        <source>年-月-日</source>
        <translation>yyyy-mm-dd</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="83"/>
        <source>从日历选择</source>
        <translation>Pick from calendar</translation>
    </message>
</context>
<context>
    <name>EditorDialog</name>
    <message>
        <location filename="../../desktop/ui/editors.py" line="61"/>
        <location filename="../../desktop/ui/editors.py" line="167"/>
        <source>新建%1</source>
        <extracomment>editors opened and not yet closed (tests and screenshots look here) the record was deleted (its id)</extracomment>
        <translation>New %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="62"/>
        <location filename="../../desktop/ui/editors.py" line="168"/>
        <source>编辑%1</source>
        <translation>Edit %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="77"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="79"/>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="85"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="86"/>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="87"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="92"/>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="93"/>
        <source>删除这条记录（记入审计记录，不能撤销）</source>
        <translation>Delete this record (recorded in the audit trail, cannot be undone)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="138"/>
        <source>还没有可选的记录：请先在“%1”页新建（如本单位），再回来填写。</source>
        <translation>Nothing to choose yet: create one on the %1 page first (such as your unit), then come back.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="139"/>
        <source>单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="183"/>
        <location filename="../../desktop/ui/editors.py" line="220"/>
        <source>请先改正标红的内容。</source>
        <translation>Please correct the fields marked in red first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="241"/>
        <source>删除%1</source>
        <translation>Delete %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/editors.py" line="242"/>
        <source>确定删除%1吗？
删除会记入审计记录，不能撤销。</source>
        <translation>Delete %1?
The deletion is recorded in the audit trail and cannot be undone.</translation>
    </message>
</context>
<context>
    <name>Entities</name>
    <message>
        <location filename="../../db/repo/entities.py" line="397"/>
        <source>按GB/T 43697-2024分级：核心数据、重要数据选“重要及以上数据”，一般数据选“一般数据”</source>
        <translation>Levels of GB/T 43697-2024: choose “important or above” for core and important data, “general” for general data</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="346"/>
        <source>原因或影响尚未查明，须补报</source>
        <translation>Cause or impact not yet known: follow-up report owed</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="176"/>
        <source>地市级以上公安机关网安部门；跨省或全国联网运行的向省级公安机关备案</source>
        <translation>Cyber security department of the police at prefecture level or above; systems running across provinces or nationwide file with the provincial police</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="362"/>
        <source>处置总结报告</source>
        <translation>Handling summary report</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="348"/>
        <source>处置结束后30日内报送处置总结报告</source>
        <translation>Submit the handling summary report within 30 days after handling ends</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="347"/>
        <source>处置结束时间</source>
        <translation>Handling ended</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="359"/>
        <source>报告类型</source>
        <translation>Report type</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="361"/>
        <source>补报</source>
        <translation>Follow-up report</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="177"/>
        <source>跨省或全国联网运行</source>
        <translation>Runs across provinces or nationwide</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="360"/>
        <source>首次报告</source>
        <translation>Initial report</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="68"/>
        <location filename="../../db/repo/entities.py" line="111"/>
        <location filename="../../db/repo/entities.py" line="290"/>
        <location filename="../../db/repo/entities.py" line="308"/>
        <location filename="../../db/repo/entities.py" line="335"/>
        <location filename="../../db/repo/entities.py" line="391"/>
        <source>单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="72"/>
        <source>基本情况</source>
        <translation>Basics</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="73"/>
        <source>单位名称</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="74"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="75"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="77"/>
        <source>上级主管部门</source>
        <translation>Supervising department</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="78"/>
        <source>单位类型</source>
        <translation>Unit type</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="79"/>
        <source>隶属关系</source>
        <translation>Affiliation</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="80"/>
        <source>行业类别</source>
        <translation>Industry</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="81"/>
        <source>运营者类型</source>
        <translation>Operator type</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="82"/>
        <source>决定安全事件报告时限</source>
        <translation>Decides the incident reporting deadline</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="83"/>
        <location filename="../../db/repo/entities.py" line="187"/>
        <location filename="../../db/repo/entities.py" line="219"/>
        <location filename="../../db/repo/entities.py" line="319"/>
        <location filename="../../db/repo/entities.py" line="350"/>
        <location filename="../../db/repo/entities.py" line="442"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="85"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="86"/>
        <source>行政区划代码</source>
        <translation>Region code</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="88"/>
        <source>省</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="89"/>
        <source>地（市）</source>
        <translation>Prefecture (city)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="90"/>
        <source>县（区）</source>
        <translation>County (district)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="91"/>
        <source>详细地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="92"/>
        <source>邮政编码</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="94"/>
        <source>负责人与部门</source>
        <translation>Leaders and departments</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="95"/>
        <source>单位负责人</source>
        <translation>Head of unit</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="96"/>
        <location filename="../../db/repo/entities.py" line="113"/>
        <source>职务/职称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="97"/>
        <location filename="../../db/repo/entities.py" line="115"/>
        <source>办公电话</source>
        <translation>Office phone</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="99"/>
        <location filename="../../db/repo/entities.py" line="117"/>
        <location filename="../../db/repo/entities.py" line="202"/>
        <source>电子邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="100"/>
        <source>网络安全责任部门</source>
        <translation>Security department</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="101"/>
        <source>数据安全管理部门</source>
        <translation>Data security department</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="102"/>
        <location filename="../../db/repo/entities.py" line="161"/>
        <location filename="../../db/repo/entities.py" line="232"/>
        <location filename="../../db/repo/entities.py" line="299"/>
        <location filename="../../db/repo/entities.py" line="369"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="107"/>
        <location filename="../../db/repo/entities.py" line="110"/>
        <location filename="../../db/repo/entities.py" line="200"/>
        <source>联系人</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="112"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="114"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="116"/>
        <source>移动电话</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="118"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="119"/>
        <source>如：网络安全联系人</source>
        <translation>E.g. security contact</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="124"/>
        <source>网站与信息系统</source>
        <translation>Websites &amp; systems</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="128"/>
        <source>标识</source>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="129"/>
        <source>所属单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="130"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="131"/>
        <source>对象类型</source>
        <translation>Object type</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="132"/>
        <source>系统编号</source>
        <translation>System number</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="132"/>
        <source>备案证明编号的后5位</source>
        <translation>Last 5 digits of the certificate number</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="133"/>
        <source>运行状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="134"/>
        <source>投入运行日期</source>
        <translation>Go-live date</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="136"/>
        <source>网站</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="137"/>
        <source>网站名称</source>
        <translation>Website name</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="138"/>
        <location filename="../../db/repo/entities.py" line="451"/>
        <source>域名</source>
        <translation>Domains</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="139"/>
        <source>每行一个，如 www.hebjgbz.gov.cn 或 河北省编办.政务</source>
        <translation>One per line, e.g. www.hebjgbz.gov.cn or 河北省编办.政务</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="140"/>
        <source>源站IP地址</source>
        <translation>Source IP addresses</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="141"/>
        <source>每行一个地址或地址段</source>
        <translation>One address or range per line</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="142"/>
        <source>协议/端口</source>
        <translation>Protocols/ports</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="144"/>
        <source>ICP备案号</source>
        <translation>ICP filing no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="146"/>
        <source>公安联网备案号</source>
        <translation>Public security filing no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="148"/>
        <source>政府网站标识码</source>
        <translation>Government website code</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="150"/>
        <source>已悬挂党政机关网站标识</source>
        <translation>Government website badge displayed</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="151"/>
        <source>开办审核</source>
        <translation>Opening review</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="152"/>
        <source>所属网站群</source>
        <translation>Website group</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="154"/>
        <source>业务与部署</source>
        <translation>Business and deployment</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="155"/>
        <source>业务类型</source>
        <translation>Business type</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="156"/>
        <source>业务描述</source>
        <translation>Business description</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="157"/>
        <source>服务范围</source>
        <translation>Service scope</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="158"/>
        <source>服务对象</source>
        <translation>Service users</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="159"/>
        <source>部署范围</source>
        <translation>Deployment</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="160"/>
        <source>网络性质</source>
        <translation>Network</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="166"/>
        <location filename="../../db/repo/entities.py" line="169"/>
        <source>备案</source>
        <translation>Filings</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="170"/>
        <location filename="../../db/repo/entities.py" line="212"/>
        <location filename="../../db/repo/entities.py" line="242"/>
        <source>定级对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="171"/>
        <source>备案表版本</source>
        <translation>Form version</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="172"/>
        <source>2025版（表一至表六）</source>
        <translation>2025 version (tables 1–6)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="173"/>
        <source>1.0版（表一至表四）</source>
        <translation>Version 1.0 (tables 1–4)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="175"/>
        <source>受理备案的公安机关</source>
        <translation>Police organ accepting the filing</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="178"/>
        <source>备案表编号</source>
        <translation>Form number</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="179"/>
        <source>11位数字</source>
        <translation>11 digits</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="180"/>
        <source>填表人</source>
        <translation>Filled in by</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="181"/>
        <source>填表日期</source>
        <translation>Filled in on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="182"/>
        <source>提交日期</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="183"/>
        <source>受理日期</source>
        <translation>Accepted on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="184"/>
        <source>备案证明编号</source>
        <translation>Certificate no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="186"/>
        <source>退回原因</source>
        <translation>Reason returned</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="192"/>
        <location filename="../../db/repo/entities.py" line="195"/>
        <location filename="../../db/repo/entities.py" line="214"/>
        <source>测评机构</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="196"/>
        <source>机构名称</source>
        <translation>Institution</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="197"/>
        <source>推荐证书编号</source>
        <translation>Catalogue certificate no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="198"/>
        <source>机构代码</source>
        <translation>Institution code</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="198"/>
        <source>4位</source>
        <translation>4 characters</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="199"/>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="201"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="203"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="208"/>
        <location filename="../../db/repo/entities.py" line="211"/>
        <source>测评</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="213"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="215"/>
        <location filename="../../db/repo/entities.py" line="314"/>
        <source>计划日期</source>
        <translation>Planned on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="216"/>
        <source>开始日期</source>
        <translation>Started on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="217"/>
        <source>报告日期</source>
        <translation>Report date</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="218"/>
        <source>报告编号</source>
        <translation>Report no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="221"/>
        <location filename="../../db/repo/entities.py" line="324"/>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="222"/>
        <source>结论规则</source>
        <translation>Conclusion scheme</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="223"/>
        <source>综合得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="224"/>
        <source>2021版规则（优/良/中/差）使用</source>
        <translation>Used by the 2021 scheme (excellent/good/fair/poor)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="225"/>
        <source>符合率（%）</source>
        <translation>Compliance rate (%)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="227"/>
        <source>2025版规则（符合/基本符合/不符合）使用</source>
        <translation>Used by the 2025 scheme (compliant/basically compliant/non-compliant)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="228"/>
        <source>测评结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="229"/>
        <source>重大风险隐患数</source>
        <translation>Major hazards</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="230"/>
        <source>已整改的重大风险隐患数</source>
        <translation>Major hazards fixed</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="231"/>
        <source>复测结果</source>
        <translation>Re-test result</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="237"/>
        <location filename="../../db/repo/entities.py" line="241"/>
        <source>问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="243"/>
        <source>来自测评</source>
        <translation>From assessment</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="244"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="245"/>
        <source>问题描述（简述）</source>
        <translation>Finding (short)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="246"/>
        <source>安全类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="248"/>
        <source>控制点</source>
        <translation>Control point</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="249"/>
        <source>测评项编号</source>
        <translation>Test item code</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="251"/>
        <source>风险等级</source>
        <translation>Risk</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="252"/>
        <source>重大风险隐患</source>
        <translation>Major hazard</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="253"/>
        <source>详细描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="254"/>
        <source>整改建议</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="256"/>
        <source>责任与期限</source>
        <translation>Owner and deadline</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="257"/>
        <source>责任人</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="258"/>
        <source>责任部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="259"/>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="260"/>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="261"/>
        <source>留空时按风险等级和规则自动计算</source>
        <translation>Left empty, it is computed from the risk and the rules</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="262"/>
        <source>期限说明</source>
        <translation>Deadline note</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="263"/>
        <source>临时防护措施</source>
        <translation>Interim measures</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="264"/>
        <source>未完成部分的计划</source>
        <translation>Plan for what remains</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="269"/>
        <location filename="../../db/repo/entities.py" line="273"/>
        <source>整改措施</source>
        <translation>Rectification action</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="274"/>
        <source>措施</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="275"/>
        <source>负责人</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="276"/>
        <source>计划完成</source>
        <translation>Planned</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="277"/>
        <source>实际完成</source>
        <translation>Done on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="278"/>
        <source>证明材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="279"/>
        <source>如：整改前后配置截图、复测记录；文件可在“附件”中添加</source>
        <translation>E.g. configuration screenshots before and after, re-test records; add files under “Attachments”</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="280"/>
        <source>验证人</source>
        <translation>Verifier</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="281"/>
        <source>验证日期</source>
        <translation>Verified on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="286"/>
        <location filename="../../db/repo/entities.py" line="289"/>
        <source>应急预案</source>
        <translation>Emergency plan</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="291"/>
        <source>适用对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="292"/>
        <source>预案名称</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="293"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="294"/>
        <source>适用范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="295"/>
        <source>批准日期</source>
        <translation>Approved on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="296"/>
        <source>上次评审日期</source>
        <translation>Last review date</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="297"/>
        <source>评审周期（月）</source>
        <translation>Review cycle (months)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="304"/>
        <source>应急演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="307"/>
        <source>演练</source>
        <translation>Drills</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="309"/>
        <location filename="../../db/repo/entities.py" line="336"/>
        <source>涉及对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="310"/>
        <source>依据预案</source>
        <translation>Emergency plan</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="311"/>
        <source>演练名称</source>
        <translation>Drill</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="312"/>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="313"/>
        <source>场景</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="315"/>
        <source>实施日期</source>
        <translation>Held on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="316"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="317"/>
        <source>组织部门</source>
        <translation>Organiser</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="318"/>
        <source>参演人数</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="321"/>
        <source>记录与总结</source>
        <translation>Record and summary</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="322"/>
        <source>演练过程</source>
        <translation>Course of the drill</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="323"/>
        <source>发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="325"/>
        <source>改进措施</source>
        <translation>Improvements</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="326"/>
        <source>已据此修订预案</source>
        <translation>Plan revised accordingly</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="331"/>
        <location filename="../../db/repo/entities.py" line="334"/>
        <source>安全事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="337"/>
        <source>事件名称</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="338"/>
        <source>事件类型</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="340"/>
        <source>事件级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="341"/>
        <source>发生时间</source>
        <translation>Occurred at</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="342"/>
        <source>发现时间</source>
        <translation>Discovered at</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="343"/>
        <source>报告时限从发现时起算</source>
        <translation>The reporting clock starts at discovery</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="344"/>
        <source>事件经过</source>
        <translation>What happened</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="345"/>
        <source>处置情况</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="349"/>
        <source>结案时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="355"/>
        <location filename="../../db/repo/entities.py" line="358"/>
        <source>事件报告</source>
        <translation>Incident report</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="364"/>
        <source>报告对象</source>
        <translation>Reported to</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="365"/>
        <source>报告时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="366"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="367"/>
        <source>电话、书面、平台报送…</source>
        <translation>Phone, letter, online platform…</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="368"/>
        <source>报告人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="374"/>
        <location filename="../../db/repo/entities.py" line="377"/>
        <source>上级通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="378"/>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="379"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="380"/>
        <source>发文单位</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="381"/>
        <source>收文日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="382"/>
        <source>要点</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="387"/>
        <source>数据类别（表六）</source>
        <translation>Data category (Table 6)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="390"/>
        <source>数据（表六 数据摸底调查表，每个数据类别填一张）</source>
        <translation>Data (Table 6 data survey: one sheet per data category)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="392"/>
        <source>关联的定级对象</source>
        <translation>Related graded object</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="393"/>
        <source>可不填：表六以单位为主体填报</source>
        <translation>Optional: Table 6 is filed per unit</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="394"/>
        <source>数据名称</source>
        <translation>Data name</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="395"/>
        <source>拟定数据级别</source>
        <translation>Proposed data level</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="398"/>
        <source>数据类别</source>
        <translation>Data category</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="399"/>
        <source>本单位数据分类中数据项之上的最小类别，如“金融账户”“个人交易信息”，而不是“手机号码”这样的数据项</source>
        <translation>The smallest class above the item level in the unit&apos;s data classification, e.g. &quot;financial accounts&quot; or &quot;personal transaction data&quot;, not a data item such as &quot;mobile number&quot;</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="400"/>
        <source>数据安全责任部门</source>
        <translation>Responsible department</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="401"/>
        <source>数据安全负责人</source>
        <translation>Person responsible</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="402"/>
        <source>个人信息涉及情况</source>
        <translation>Personal information</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="404"/>
        <source>可多选；“不涉及”与其他选项互斥</source>
        <translation>Several may be ticked; &quot;not involved&quot; excludes the others</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="406"/>
        <source>数量与来源</source>
        <translation>Volume and sources</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="407"/>
        <source>数据总量（GB）</source>
        <translation>Total volume (GB)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="408"/>
        <source>按 GB 或 TB 填写其中之一</source>
        <translation>Give either GB or TB</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="409"/>
        <source>数据总量（TB）</source>
        <translation>Total volume (TB)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="410"/>
        <source>数据总量（万条）</source>
        <translation>Total records (×10,000)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="411"/>
        <source>涉及个人信息时，填写个人信息的记录条数</source>
        <translation>With personal information, the number of its records</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="412"/>
        <source>数据月增长量（GB）</source>
        <translation>Monthly growth (GB)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="414"/>
        <source>数据来源</source>
        <translation>Data sources</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="415"/>
        <source>可多选</source>
        <translation>Several may be ticked</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="416"/>
        <source>其他来源</source>
        <translation>Other source</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="417"/>
        <source>勾选“其他”时写明</source>
        <translation>Describe it when &quot;other&quot; is ticked</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="418"/>
        <source>数据来源单位</source>
        <translation>Source units</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="419"/>
        <location filename="../../db/repo/entities.py" line="421"/>
        <source>每行一个单位</source>
        <translation>One unit per line</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="420"/>
        <source>数据流出单位</source>
        <translation>Recipient units</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="423"/>
        <source>交互与存储</source>
        <translation>Interaction and storage</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="424"/>
        <source>与其他数据处理者的交互情况</source>
        <translation>Interaction with other data handlers</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="425"/>
        <source>勾选的每一项都要填写对方名称；“无交互”与其他选项互斥</source>
        <translation>Each ticked item needs the other party&apos;s name; &quot;no interaction&quot; excludes the others</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="426"/>
        <source>数据存储位置（名称）</source>
        <translation>Storage locations (names)</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="427"/>
        <source>勾选的每个位置都要填写名称，可多选</source>
        <translation>Each ticked location needs its name; several may be ticked</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="432"/>
        <location filename="../../db/repo/entities.py" line="435"/>
        <source>通知任务</source>
        <translation>Notice task</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="436"/>
        <source>所属通知</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="437"/>
        <source>承办单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="438"/>
        <source>任务内容</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="439"/>
        <source>办理期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="440"/>
        <source>承办人</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="441"/>
        <source>完成日期</source>
        <translation>Done on</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="448"/>
        <source>定级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="450"/>
        <source>备案材料</source>
        <translation>Filing material</translation>
    </message>
    <message>
        <location filename="../../db/repo/entities.py" line="452"/>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="64"/>
        <source>程序出错</source>
        <extracomment>dialogs currently shown (kept referenced; tests read it)</extracomment>
        <translation>Program error</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="68"/>
        <source>发生了意外错误。您的台账数据已保存到上一次成功保存的状态。请将下面的详细信息复制给技术支持人员。</source>
        <translation>An unexpected error occurred. Your ledger is as it was after the last successful save. Please copy the details below for your support staff.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="79"/>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="104"/>
        <source>无法完成</source>
        <translation>Could not complete</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="41"/>
        <source>导出报表（Excel）</source>
        <translation>Export workbooks (Excel)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="45"/>
        <location filename="../../desktop/ui/exportpage.py" line="112"/>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="46"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="50"/>
        <source>摸底自查表…</source>
        <translation>Self-check table…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="50"/>
        <source>党政机关、事业单位网站摸底自查表（按通知附件格式）</source>
        <translation>Website self-check table of government bodies and public institutions (notice attachment format)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="51"/>
        <source>开办情况汇总表…</source>
        <translation>Website summary table…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="51"/>
        <source>党政机关、事业单位网站开办情况汇总表</source>
        <translation>Summary of websites run by government bodies and public institutions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="52"/>
        <source>等保工作汇总表…</source>
        <translation>MLPS work summary…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="52"/>
        <source>每个定级对象一行：等级、备案、测评、问题、到期日</source>
        <translation>One row per object: level, filing, tests, findings, due dates</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="53"/>
        <source>整改台账…</source>
        <translation>Rectification ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="53"/>
        <source>每个问题一行，含整改措施和证明材料</source>
        <translation>One row per finding, with actions and evidence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="67"/>
        <source>打印文书（先预览）</source>
        <translation>Print documents (preview first)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="71"/>
        <source>定级对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="73"/>
        <source>备案材料…</source>
        <translation>Filing packet…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="73"/>
        <source>定级报告…</source>
        <translation>Grading report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="74"/>
        <source>整改报告…</source>
        <translation>Rectification report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="82"/>
        <source>导入下级单位报送的表格</source>
        <translation>Import tables sent by subordinate units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="119"/>
        <source>导出%1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="120"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="127"/>
        <source>正在导出%1…</source>
        <translation>Exporting %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="138"/>
        <source>已导出“%1”：%2 行，保存在 %3</source>
        <translation>Exported “%1”: %2 rows, saved to %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exportpage.py" line="144"/>
        <source>导出已取消。</source>
        <translation>Export cancelled.</translation>
    </message>
</context>
<context>
    <name>FindingDialog</name>
    <message>
        <location filename="../../desktop/ui/finding.py" line="88"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="95"/>
        <source>开始整改</source>
        <translation>Start work</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="96"/>
        <source>标记为已整改</source>
        <translation>Mark as fixed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="97"/>
        <location filename="../../desktop/ui/finding.py" line="221"/>
        <source>验证通过</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="98"/>
        <source>风险接受…</source>
        <translation>Accept risk…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="99"/>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="114"/>
        <source>整改措施与证明材料</source>
        <translation>Actions and evidence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="118"/>
        <source>整改措施</source>
        <translation>Rectification action</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="128"/>
        <source>添加整改措施…</source>
        <translation>Add action…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="134"/>
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="136"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="159"/>
        <source>当前状态：%1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="161"/>
        <source>；整改期限 %1</source>
        <translation>; deadline %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="163"/>
        <source>（已逾期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="165"/>
        <source>；批准人 %1</source>
        <translation>; approved by %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/finding.py" line="221"/>
        <source>验证人：</source>
        <translation>Verifier:</translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <location filename="../../desktop/ui/pages.py" line="138"/>
        <source>指派责任人…</source>
        <translation>Assign owner…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="138"/>
        <source>为所选问题指定责任人</source>
        <translation>Assign an owner to the selected findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="141"/>
        <source>调整期限…</source>
        <translation>Move deadline…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="141"/>
        <source>为所选问题设定新的整改期限（须说明理由）</source>
        <translation>Set a new deadline for the selected findings (a reason is required)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="152"/>
        <source>请先在列表中选择问题（可按住 Ctrl 或 Shift 多选）</source>
        <translation>Select findings in the list first (Ctrl or Shift to select several)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="158"/>
        <source>指派责任人</source>
        <translation>Assign owner</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="158"/>
        <source>为 %1 个问题指定责任人：</source>
        <translation>Owner for %1 findings:</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="152"/>
        <source>欢迎使用等保台账</source>
        <translation>Welcome to Dengbao Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="154"/>
        <source>这是第一次使用。程序将新建一个台账文件，保存本单位的等级保护工作记录。</source>
        <translation>This is the first start. The program will create a ledger file for your unit&apos;s graded-protection records.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="159"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="164"/>
        <location filename="../../desktop/ui/firstrun.py" line="192"/>
        <source>台账文件</source>
        <translation>Ledger file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="166"/>
        <source>加密（推荐）</source>
        <translation>Encrypted (recommended)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="167"/>
        <source>不加密（文件内容可被直接读取）</source>
        <translation>Not encrypted (the file can be read directly)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="175"/>
        <source>本机没有可用的系统凭据管理器，密钥无法保存在本机。选择“加密”时，程序会生成恢复密钥，请打印或保存它，以后每次启动时输入；也可以选择不加密。</source>
        <translation>This computer has no usable credential store, so the key cannot be kept here. With “Encrypted” the program generates a recovery key: print or save it and enter it at each start. Or choose no encryption.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="180"/>
        <source>载入演示数据（可先熟悉程序，之后可新建正式台账）</source>
        <translation>Load demonstration data (to get to know the program; create a real ledger later)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="183"/>
        <source>创建台账</source>
        <translation>Create ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="184"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="192"/>
        <source>台账 (*.db)</source>
        <translation>Ledger (*.db)</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../desktop/ui/forms.py" line="143"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="172"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="193"/>
        <source>每行一项</source>
        <translation>One per line</translation>
    </message>
</context>
<context>
    <name>GradingWizard</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="401"/>
        <source>定级向导 — %1</source>
        <translation>Grading wizard — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="404"/>
        <source>下一步 &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="405"/>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="406"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="407"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>HarmPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="163"/>
        <source>业务信息安全</source>
        <translation>Business information security</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="164"/>
        <source>业务信息遭到破坏（泄露、篡改、丢失）时，受侵害的客体和侵害程度。</source>
        <translation>What is harmed, and how badly, when business information is damaged (leaked, altered, lost).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="166"/>
        <source>系统服务安全</source>
        <translation>System service security</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="167"/>
        <source>系统服务遭到破坏（中断、无法访问）时，受侵害的客体和侵害程度。</source>
        <translation>What is harmed, and how badly, when the system service is disrupted (interrupted, unreachable).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="171"/>
        <source>简述承载的业务信息或提供的服务</source>
        <translation>Describe the information handled or the service provided</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="174"/>
        <source>受侵害的客体 *</source>
        <translation>Object harmed *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="178"/>
        <source>侵害程度 *</source>
        <translation>Degree of harm *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="184"/>
        <source>判断理由（写入定级报告）</source>
        <translation>Reasoning (goes into the grading report)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="230"/>
        <source>本项定级：%1</source>
        <translation>Level for this part: %1</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../desktop/ui/history.py" line="37"/>
        <source>每一次修改都记录在防篡改的审计链中（谁、何时、原值、新值）。</source>
        <translation>Every change is recorded in a tamper-evident audit chain (who, when, old value, new value).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="43"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="43"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="43"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="44"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="44"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="44"/>
        <source>原值</source>
        <translation>Old value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="45"/>
        <source>新值</source>
        <translation>New value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history.py" line="55"/>
        <source>还没有修改记录。</source>
        <translation>No changes recorded yet.</translation>
    </message>
</context>
<context>
    <name>HolidaysPanel</name>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="70"/>
        <source>从文件导入(&amp;I)…</source>
        <translation>&amp;Import from file…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="68"/>
        <source>保存录入的安排(&amp;S)</source>
        <translation>&amp;Save the entered schedule</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="55"/>
        <source>发布日期</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="54"/>
        <source>发文</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="58"/>
        <source>各年节假日安排</source>
        <translation>Holiday schedules by year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="108"/>
        <source>导入节假日安排</source>
        <translation>Import holiday schedule</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="88"/>
        <source>已保存%1年节假日安排，相关期限已重新计算。</source>
        <translation>Saved the holiday schedule of %1; the dates depending on it were recomputed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="54"/>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="54"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="48"/>
        <source>程序内置的节假日数据只到有数据的年份。国务院公布下一年的节假日安排后，请在这里录入或导入；录入前，该年以工作日计算的期限按周一至周五估算，录入后自动重新计算。</source>
        <translation>The built-in holiday data covers only the years it was released with. When the State Council publishes next year&apos;s schedule, enter or import it here; until then, working-day deadlines of that year are estimated on Monday–Friday and are recomputed once it is entered.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="88"/>
        <location filename="../../desktop/ui/holidays.py" line="94"/>
        <location filename="../../desktop/ui/holidays.py" line="103"/>
        <source>节假日安排</source>
        <translation>Holiday schedule</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/holidays.py" line="65"/>
        <source>节假日安排（TOML）</source>
        <translation>Holiday schedule (TOML)</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="189"/>
        <source>摸底自查表</source>
        <extracomment>a preview (or an import) arrived: the ImportResult</extracomment>
        <translation>Self-check table</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="190"/>
        <source>开办情况汇总表</source>
        <translation>Website summary table</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="191"/>
        <source>问题清单 / 漏洞扫描结果</source>
        <translation>Findings list / vulnerability scan results</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="194"/>
        <source>定级对象：</source>
        <translation>Protected object:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="198"/>
        <source>（扫描结果按IP地址或域名对应）</source>
        <translation>(scan results are matched by IP address or domain)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="206"/>
        <source>扫描结果的控制点</source>
        <translation>Control point for scan results</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="220"/>
        <source>选择文件并检查…</source>
        <translation>Choose file and check…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="223"/>
        <source>确认导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="225"/>
        <source>先选择文件并检查；还有错误时不能导入</source>
        <translation>Choose and check a file first; it cannot be imported while errors remain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="230"/>
        <source>选择下级单位报送的表格：先检查，显示将新增、更新和有问题的行；可以跳过或改正有问题的行，确认后才写入台账。</source>
        <translation>Choose a table sent by a subordinate unit: it is checked first, showing what would be created or updated and which rows have problems; skip or correct those rows, and nothing is written until you confirm.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="234"/>
        <source>跳过</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="234"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="234"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="234"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="235"/>
        <source>变化</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="235"/>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="235"/>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="236"/>
        <source>内容</source>
        <translation>Row content</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="236"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="236"/>
        <source>单元格的值（双击改正）</source>
        <translation>Cell value (double-click to correct)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="237"/>
        <source>勾选后不导入这一行，其余的行重新检查</source>
        <translation>Tick to leave this row out; the other rows are checked again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="238"/>
        <source>双击输入正确的值（只用于本次导入，不修改文件）</source>
        <translation>Double-click to type the correct value (used for this import only; the file is not changed)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="245"/>
        <source>错误</source>
        <translation>Errors</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="246"/>
        <source>将新增</source>
        <translation>To create</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="247"/>
        <source>将更新</source>
        <translation>To update</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="248"/>
        <source>无变化</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="249"/>
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="280"/>
        <source>问题清单或扫描结果 (*.xlsx *.xls *.nessus *.csv)</source>
        <translation>Findings lists or scan results (*.xlsx *.xls *.nessus *.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="282"/>
        <source>Excel 工作簿 (*.xlsx *.xls)</source>
        <translation>Excel workbooks (*.xlsx *.xls)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="283"/>
        <source>选择要导入的表格</source>
        <translation>Choose the table to import</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="297"/>
        <source>正在检查 %1…</source>
        <translation>Checking %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="310"/>
        <source>正在重新检查…</source>
        <translation>Checking again…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="385"/>
        <source>已导入：新增 %1 条、更新 %2 条；跳过 %3 行。</source>
        <translation>Imported: %1 created, %2 updated; %3 rows skipped.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="393"/>
        <source>还有 %1 处问题。请在“错误”中改正单元格的值，或勾选“跳过”不导入该行；问题全部解决前不会写入任何内容。</source>
        <translation>%1 problems remain. Correct the cell value under &quot;Errors&quot; or tick &quot;Skip&quot; to leave the row out; nothing is written until every problem is solved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="399"/>
        <source>检查通过，但没有需要写入的变化。</source>
        <translation>Check passed, but there is nothing to write.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="406"/>
        <source>检查通过：将新增 %1 条、更新 %2 条、%3 条无变化；跳过 %4 行。确认后一次性写入台账。</source>
        <translation>Check passed: %1 to create, %2 to update, %3 unchanged; %4 rows skipped. Confirm to write everything in one step.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="424"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/importpanel.py" line="430"/>
        <source>没有写入：文件有错误或没有变化。</source>
        <translation>Nothing written: the file has errors or changes nothing.</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="162"/>
        <source>报告类型</source>
        <translation>Report type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="172"/>
        <source>报告时限</source>
        <translation>Reporting deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="157"/>
        <source>登记报告…</source>
        <translation>Record report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="162"/>
        <source>报告时间</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="162"/>
        <source>报告对象</source>
        <translation>Reported to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="163"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="163"/>
        <source>报告人</source>
        <translation>Reported by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="166"/>
        <source>报告记录</source>
        <translation>Reports</translation>
    </message>
</context>
<context>
    <name>InteractionsEdit</name>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="98"/>
        <source>1 对外提供给</source>
        <translation>1 Provided to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="98"/>
        <source>接收方名称</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="99"/>
        <source>2 委托</source>
        <translation>2 Entrusted to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="99"/>
        <source>受托处理方名称</source>
        <translation>Processor</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="100"/>
        <source>3 与他方共同处理</source>
        <translation>3 Processed jointly with</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="100"/>
        <source>共同处理方名称</source>
        <translation>Joint processor</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="111"/>
        <source>4 无交互</source>
        <translation>4 No interaction</translation>
    </message>
</context>
<context>
    <name>KeyPromptDialog</name>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="203"/>
        <source>输入恢复密钥</source>
        <translation>Enter recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="215"/>
        <source>把密钥保存到本机的系统凭据管理器</source>
        <translation>Store the key in this computer&apos;s credential store</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="220"/>
        <source>打开台账</source>
        <translation>Open ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="221"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>LazyListModel</name>
    <message>
        <location filename="../../desktop/ui/models.py" line="376"/>
        <source>已逾期</source>
        <extracomment>the roles a list answers; the others (decoration, background, check state, …) are always empty the longest the full id query waits for a view to paint the first page (a hidden or minimised view) every id is loaded (the number of rows) the first page of rows is in the model and can be painted False while only the first page of ids is known (the rest is loading) the model queries only once its page has been shown (set by the first reload) set by the page that shows this model: whether its view is on screen (and will paint the first rows soon); the full id query then waits for that paint a first page read ahead of the first show (see :meth:`preload`), and the ledger&apos;s changes counted since, so that an answer overtaken by a change is never kept</extracomment>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="378"/>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="229"/>
        <source>搜索（Ctrl+F）</source>
        <translation>Search (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="243"/>
        <location filename="../../desktop/ui/listpage.py" line="350"/>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="247"/>
        <source>全部等级</source>
        <translation>All levels</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="248"/>
        <source>未定级</source>
        <translation>Not graded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="252"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="254"/>
        <source>未完成（未整改+整改中）</source>
        <translation>Open (open + in progress)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="259"/>
        <source>全部风险</source>
        <translation>All risks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="262"/>
        <source>仅逾期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="267"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="268"/>
        <source>把当前显示的行和列导出为 Excel 或 CSV 文件</source>
        <translation>Export the rows and columns shown to an Excel or CSV file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="274"/>
        <source>新建（Ctrl+N）</source>
        <translation>New (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="388"/>
        <source>正在查询…</source>
        <translation>Searching…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/listpage.py" line="394"/>
        <source>共 %n 条</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="411"/>
        <source>整改台账</source>
        <translation>Rectification ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="415"/>
        <source>导出当前列表</source>
        <translation>Export the current list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="417"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="428"/>
        <source>正在导出 %1 行…</source>
        <translation>Exporting %1 rows…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="436"/>
        <source>已导出 %1 行到 %2</source>
        <translation>Exported %1 rows to %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="443"/>
        <source>导出已取消</source>
        <translation>Export cancelled</translation>
    </message>
</context>
<context>
    <name>ListView</name>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="140"/>
        <source>显示的列</source>
        <extracomment>bump when the lists&apos; column order changes, so old saved header layouts are not applied to it the user&apos;s own layout (restored, or columns resized by hand): no automatic fitting</extracomment>
        <translation>Columns shown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/listpage.py" line="148"/>
        <source>恢复默认列</source>
        <translation>Restore default columns</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="73"/>
        <source>等保台账</source>
        <extracomment>entities whose record is a page (the others open an editor)</extracomment>
        <translation>Dengbao Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="129"/>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="130"/>
        <source>单位</source>
        <translation>Units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="130"/>
        <source>新建单位…</source>
        <translation>New unit…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="131"/>
        <source>网站与信息系统</source>
        <translation>Websites &amp; systems</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="131"/>
        <source>新建网站或系统…</source>
        <translation>New website or system…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="132"/>
        <source>定级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="133"/>
        <source>备案</source>
        <translation>Filings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="133"/>
        <source>登记备案…</source>
        <translation>Record filing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="134"/>
        <source>测评</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="135"/>
        <source>测评与检查</source>
        <translation>Tests and checks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="135"/>
        <source>登记测评…</source>
        <translation>Record assessment…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="136"/>
        <source>测评机构</source>
        <translation>Institutions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="136"/>
        <source>新建测评机构…</source>
        <translation>New institution…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="138"/>
        <source>问题整改</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="139"/>
        <source>应急</source>
        <translation>Emergency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="140"/>
        <source>预案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="140"/>
        <source>新建预案…</source>
        <translation>New plan…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="141"/>
        <source>演练</source>
        <translation>Drills</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="141"/>
        <source>登记演练…</source>
        <translation>Record drill…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="142"/>
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="142"/>
        <source>登记事件…</source>
        <translation>Record incident…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="144"/>
        <source>上级通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="145"/>
        <source>通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="145"/>
        <source>登记通知…</source>
        <translation>Record notice…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="146"/>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="146"/>
        <source>新建任务…</source>
        <translation>New task…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="148"/>
        <source>导出与打印</source>
        <translation>Export &amp; print</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="149"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="166"/>
        <source>← 返回</source>
        <translation>← Back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="167"/>
        <source>返回上一页（Alt+←）</source>
        <translation>Back to the previous page (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="228"/>
        <location filename="../../desktop/ui/mainwindow.py" line="238"/>
        <source>服务器：%1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="228"/>
        <source>正在核对账户…</source>
        <translation>Checking the account…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="240"/>
        <source>%1（%2，范围：%3）</source>
        <translation>%1 (%2, scope: %3)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="241"/>
        <source>未分角色</source>
        <translation>No role</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="244"/>
        <source>只读：本账户不能修改台账</source>
        <translation>Read-only: this account cannot change the ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="245"/>
        <source>等保台账（只读）</source>
        <translation>Dengbao Ledger (read-only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="231"/>
        <source>文件：%1</source>
        <translation>File: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="232"/>
        <source>已加密</source>
        <translation>Encrypted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="232"/>
        <source>未加密</source>
        <translation>Not encrypted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="253"/>
        <source>账户、角色和范围由服务器核定；连接加密见“设置 → 服务器”</source>
        <translation>Account, role and scope are set by the server; see Settings → Server for encryption</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="254"/>
        <source>台账使用 SQLCipher 加密，密钥保存在系统凭据管理器中</source>
        <translation>The ledger is encrypted with SQLCipher; its key is in the system credential store</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="255"/>
        <source>此台账文件未加密</source>
        <translation>This ledger file is not encrypted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="259"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="272"/>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="272"/>
        <source>在当前页新建记录</source>
        <translation>New record on this page</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="273"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="273"/>
        <source>保存正在编辑的记录</source>
        <translation>Save the record being edited</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="274"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="274"/>
        <source>在当前列表中搜索</source>
        <translation>Search the current list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="275"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="275"/>
        <source>打印当前对象的备案材料，或打开“导出与打印”</source>
        <translation>Print this object&apos;s filing packet, or open “Export &amp; print”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="276"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="276"/>
        <source>重新读取台账</source>
        <translation>Reload the ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="421"/>
        <source>还没有单位</source>
        <translation>No unit yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="422"/>
        <source>网站和信息系统要登记在所属单位之下，而台账中还没有单位。
现在先新建本单位吗？（保存后即可登记它的网站和信息系统）</source>
        <translation>Websites and systems are registered under their unit, and the ledger has no unit yet.
Create your unit first? (Once it is saved you can register its websites and systems.)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="440"/>
        <source>定级请在对象页面使用“定级向导”。</source>
        <translation>Grade an object with the “Grading wizard” on its page.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="443"/>
        <source>问题请在对象页面的“问题整改”中登记。</source>
        <translation>Record findings under “Findings” on the object&apos;s page.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="452"/>
        <source>没有需要保存的修改。</source>
        <translation>Nothing to save.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mainwindow.py" line="467"/>
        <source>已刷新</source>
        <translation>Refreshed</translation>
    </message>
</context>
<context>
    <name>MatrixModel</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="83"/>
        <source>业务信息</source>
        <translation>Business information</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="85"/>
        <source>系统服务</source>
        <translation>System service</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../desktop/ui/menus.py" line="18"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="23"/>
        <source>导出与打印…</source>
        <translation>Export and print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="27"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="36"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="38"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="43"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="53"/>
        <source>返回上一页</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="58"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="59"/>
        <source>关于 等保台账…</source>
        <translation>About Dengbao Ledger…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/menus.py" line="64"/>
        <source>关于 Qt…</source>
        <translation>About Qt…</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/ui/messages.py" line="71"/>
        <source>用其他程序打开</source>
        <extracomment>remembered once the user has been told that an outside program needs a plain copy</extracomment>
        <translation>Opening with another program</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="72"/>
        <source>其他程序（PDF 阅读器、WPS 等）读不了加密的台账，程序为它在本机的临时文件夹中放了一份未加密的副本。关闭等保台账时副本会被删除；如程序异常退出，下次启动时删除。请不要把重要修改保存在这份副本里。</source>
        <translation>Other programs (PDF readers, WPS …) cannot read the encrypted ledger, so an unencrypted copy has been placed in this computer&apos;s temporary folder for them. The copy is deleted when the ledger program closes, or at its next start if it ended abnormally. Do not keep important changes in that copy.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="24"/>
        <source>未保存的修改</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="25"/>
        <source>“%1”有未保存的修改。要保存吗？</source>
        <translation>“%1” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="26"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="27"/>
        <source>不保存</source>
        <translation>Don&apos;t save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="28"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>MoveDeadlineDialog</name>
    <message>
        <location filename="../../desktop/ui/pages.py" line="114"/>
        <source>调整整改期限</source>
        <translation>Move deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="116"/>
        <source>已选 %1 个问题</source>
        <translation>%1 findings selected</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="120"/>
        <source>新的期限 *</source>
        <translation>New deadline *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="122"/>
        <source>如：需等待厂商补丁，经分管领导同意延期</source>
        <translation>E.g. waiting for the vendor&apos;s patch; extension approved by the responsible leader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/pages.py" line="123"/>
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
</context>
<context>
    <name>NoticeDialog</name>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="143"/>
        <source>添加任务…</source>
        <translation>Add task…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="147"/>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
</context>
<context>
    <name>ObjectHeader</name>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="128"/>
        <source>%1（已逾期 %2 天）</source>
        <translation>%1 (%2 days overdue)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="131"/>
        <source>%1（今天到期）</source>
        <translation>%1 (due today)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="134"/>
        <source>%1（还有 %2 天）</source>
        <translation>%1 (%2 days left)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="141"/>
        <source>（按周一至周五估算）</source>
        <translation> (estimated with Monday–Friday)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="147"/>
        <source>单位：%1</source>
        <translation>Unit: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="149"/>
        <source>安全保护等级</source>
        <translation>Security protection level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="152"/>
        <source>备案：%1</source>
        <translation>Filing: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="163"/>
        <source>，%1 起逾期（已逾期 %2 天）</source>
        <translation>, overdue since %1 (%2 days)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="168"/>
        <source>，应于 %1 前备案</source>
        <translation>, to be filed by %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="174"/>
        <source>应备案</source>
        <translation>File by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="176"/>
        <source>备案：未备案</source>
        <translation>Filing: not filed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="180"/>
        <source>备案证明有效期至 %1</source>
        <translation>Certificate valid until %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="182"/>
        <source>；%1起可申请延续</source>
        <translation>; renewal from %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="191"/>
        <source>备案证明：无</source>
        <translation>Certificate: none</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="194"/>
        <source>下次等级测评</source>
        <translation>Next level test</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="195"/>
        <source>下次自查</source>
        <translation>Next self-inspection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectheader.py" line="196"/>
        <source>下次应急演练</source>
        <translation>Next drill</translation>
    </message>
</context>
<context>
    <name>ObjectPageView</name>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="113"/>
        <source>按GB/T 22239-2019逐项自查，计算符合率，打印自查报告</source>
        <translation>Self-inspect control by control under GB/T 22239-2019, compute the compliance rate, print the self-inspection report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="112"/>
        <source>自查…</source>
        <translation>Self-inspection…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="101"/>
        <source>编辑…</source>
        <extracomment>the 测评 table&apos;s result column: a level test&apos;s score, a 自查&apos;s 符合率</extracomment>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="103"/>
        <source>定级向导…</source>
        <translation>Grading wizard…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="104"/>
        <source>按定级规则确定安全保护等级；重新定级会保留原记录</source>
        <translation>Determine the security level by the grading rules; re-grading keeps the earlier record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="106"/>
        <source>打印备案材料…</source>
        <translation>Print filing packet…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="107"/>
        <source>生成备案表及材料并预览</source>
        <translation>Generate the filing form and materials, then preview</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="109"/>
        <source>打印整改报告…</source>
        <translation>Print rectification report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="110"/>
        <source>生成整改报告并预览</source>
        <translation>Generate the rectification report, then preview</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="132"/>
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="149"/>
        <source>定级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="161"/>
        <source>登记备案…</source>
        <translation>Record filing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="166"/>
        <source>备案材料清单（表五）：双击切换“已具备”，或为所选材料附加文件</source>
        <translation>Materials checklist (table 5): double-click to toggle “present”, or attach a file to the selected item</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="171"/>
        <source>有</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="171"/>
        <source>无</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="177"/>
        <source>为所选材料附加文件…</source>
        <translation>Attach file to selected item…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="182"/>
        <source>备案</source>
        <translation>Filings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="198"/>
        <source>登记测评…</source>
        <translation>Record assessment…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="203"/>
        <source>测评</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="214"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="222"/>
        <source>登记问题…</source>
        <translation>Record finding…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="227"/>
        <source>问题整改</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="230"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="232"/>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="266"/>
        <source>当前定级：%1（%2）。业务信息：%3 — %4；系统服务：%5 — %6。</source>
        <translation>Current grading: %1 (%2). Business information: %3 — %4; system service: %5 — %6.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="275"/>
        <source>尚未定级。点击“定级向导”开始。</source>
        <translation>Not graded yet. Click “Grading wizard” to start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="284"/>
        <source>共 %1 个问题，未完成 %2 个，其中逾期 %3 个。</source>
        <translation>%1 findings, %2 open, %3 of them overdue.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="310"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="311"/>
        <source>所属单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="312"/>
        <source>对象类型</source>
        <translation>Object type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="313"/>
        <source>运行状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="314"/>
        <source>系统编号</source>
        <translation>System number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="315"/>
        <source>网站名称</source>
        <translation>Website name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="316"/>
        <source>英文域名</source>
        <translation>English domains</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="317"/>
        <source>中文域名</source>
        <translation>Chinese domains</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="318"/>
        <source>源站IP</source>
        <translation>Source IPs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="319"/>
        <source>协议/端口</source>
        <translation>Protocols/ports</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="320"/>
        <source>ICP备案号</source>
        <translation>ICP filing no.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="321"/>
        <source>公安联网备案号</source>
        <translation>Public security filing no.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="322"/>
        <source>政府网站标识码</source>
        <translation>Government website code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="323"/>
        <source>挂标</source>
        <translation>Badge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="308"/>
        <source>已悬挂党政机关网站标识</source>
        <translation>Government website badge displayed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="308"/>
        <source>未悬挂</source>
        <translation>Not displayed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="324"/>
        <source>开办审核</source>
        <translation>Opening review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="325"/>
        <source>网站群</source>
        <translation>Website group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="326"/>
        <source>业务类型</source>
        <translation>Business type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="327"/>
        <source>服务范围</source>
        <translation>Service scope</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="328"/>
        <source>服务对象</source>
        <translation>Service users</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="329"/>
        <source>网络性质</source>
        <translation>Network</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="330"/>
        <source>投入运行</source>
        <translation>In operation since</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="331"/>
        <source>业务描述</source>
        <translation>Business description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="351"/>
        <source>未记录</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="404"/>
        <source>备案材料</source>
        <translation>Filing packet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="404"/>
        <source>整改报告</source>
        <translation>Rectification report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="404"/>
        <source>定级报告</source>
        <translation>Grading report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/objectpage.py" line="417"/>
        <source>选择“%1”的文件</source>
        <translation>Choose the file for “%1”</translation>
    </message>
</context>
<context>
    <name>OrganizationDialog</name>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="111"/>
        <source>添加联系人…</source>
        <translation>Add contact…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="114"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="114"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="114"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="115"/>
        <source>办公电话</source>
        <translation>Office phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="115"/>
        <source>移动电话</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="115"/>
        <source>电子邮件</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="118"/>
        <source>联系人</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="121"/>
        <source>添加数据类别…</source>
        <translation>Add data category…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="123"/>
        <source>一般数据</source>
        <translation>General data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="123"/>
        <source>重要及以上数据</source>
        <translation>Important data or above</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="124"/>
        <source>（全单位）</source>
        <translation>(whole unit)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="128"/>
        <source>数据名称</source>
        <translation>Data name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="128"/>
        <source>数据类别</source>
        <translation>Data category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="128"/>
        <source>拟定级别</source>
        <translation>Proposed level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="129"/>
        <source>责任部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="129"/>
        <source>关联对象</source>
        <translation>Related object</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sub_editors.py" line="132"/>
        <source>数据摸底（表六）</source>
        <translation>Data survey (Table 6)</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../desktop/ui/printing.py" line="50"/>
        <source>打印预览 — %1</source>
        <extracomment>writes the previewed document as a Word file at the given path preview dialogs currently open (screenshots and tests look here) writes the same document as a Word file (None: this preview has no Word version)</extracomment>
        <translation>Print preview — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="60"/>
        <source>共 %1 页</source>
        <translation>%1 pages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="63"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="64"/>
        <source>选择打印机并打印（Ctrl+P）</source>
        <translation>Choose a printer and print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="67"/>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="69"/>
        <source>保存为 Word…</source>
        <translation>Save as Word…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="70"/>
        <source>保存为可在 WPS、Word 中编辑的 .docx 文件</source>
        <translation>Save as a .docx file that can be edited in WPS or Word</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="93"/>
        <source>保存为 Word</source>
        <translation>Save as Word</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="93"/>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="73"/>
        <source>用PDF阅读器打开</source>
        <translation>Open in PDF reader</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="75"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="86"/>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="86"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PreflightDialog</name>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="41"/>
        <source>打印前体检 — %1</source>
        <extracomment>the officer picked another 备案表 template: check again with it</extracomment>
        <translation>Pre-print check — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="48"/>
        <source>备案表版本：</source>
        <translation>Filing form version:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="50"/>
        <source>2025版</source>
        <translation>2025 form</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="51"/>
        <source>1.0版（2007）</source>
        <translation>Form 1.0 (2007)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="65"/>
        <source>双击一行打开需要修改的记录。</source>
        <translation>Double-click a line to open the record to fix.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="69"/>
        <source>打开记录</source>
        <translation>Open record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="71"/>
        <source>仍然打印</source>
        <translation>Print anyway</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="71"/>
        <source>继续预览</source>
        <translation>Continue to preview</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="73"/>
        <source>存在阻断问题时仍然打印，此选择将记入审计记录</source>
        <translation>Print despite blocking problems; this choice is recorded in the audit trail</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/preflight_dialog.py" line="75"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../desktop/ui/printing.py" line="168"/>
        <source>正在生成“%1”…</source>
        <translation>Generating “%1”…</translation>
    </message>
</context>
<context>
    <name>ProgressGate</name>
    <message>
        <location filename="../../desktop/ui/worker.py" line="313"/>
        <source>取消</source>
        <extracomment>called with an operation&apos;s result; whatever it returns is ignored called with (exception, formatted traceback); whatever it returns is ignored called once when the job is cancelled (e.g. to tell a child process)</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker.py" line="314"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="124"/>
        <source>恢复密钥</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="127"/>
        <source>台账已加密。下面是它的恢复密钥，只显示这一次。电脑重装、换机或密钥丢失时，只有凭它才能打开台账。请打印或保存到U盘，并妥善保管。</source>
        <translation>The ledger is encrypted. Below is its recovery key, shown only this once. After reinstalling, moving to another computer or losing the key, only this opens the ledger. Print it or save it to a USB stick and keep it safe.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="131"/>
        <source>本机没有可用的系统凭据管理器：每次启动都需要输入此恢复密钥。</source>
        <translation>No credential store on this computer: you will enter this recovery key at every start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="135"/>
        <source>我已打印或保存恢复密钥</source>
        <translation>I have printed or saved the recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/firstrun.py" line="139"/>
        <source>继续</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyView</name>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="62"/>
        <source>恢复密钥</source>
        <extracomment>automatic backups: first look a minute after start, then every hour (a backup is written only when none was taken in the last 24 hours)</extracomment>
        <translation>Recovery key</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="65"/>
        <source>台账的密钥已更换。下面是新的恢复密钥：以前打印或保存的恢复密钥不能再打开此台账（更换前做的备份仍用旧的恢复密钥打开）。请打印或保存，并妥善保管。</source>
        <translation>The ledger&apos;s key has been changed. Below is the new recovery key: the one printed or saved before no longer opens this ledger (backups taken before the change still open with the old one). Print or save it and keep it safe.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="68"/>
        <source>凭这个恢复密钥可以在任何电脑上打开此台账。请打印或保存到U盘，妥善保管，不要与台账文件放在一起。</source>
        <translation>This recovery key opens the ledger on any computer. Print it or save it to a USB drive, keep it safe, and never store it with the ledger file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backuppanel.py" line="74"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="243"/>
        <source>定级结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="244"/>
        <source>安全保护等级取业务信息和系统服务两者中较高的等级。</source>
        <translation>The security level is the higher of the business information and system service levels.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="273"/>
        <source>业务信息安全保护等级：%1；系统服务安全保护等级：%2</source>
        <translation>Business information level: %1; system service level: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="276"/>
        <source>安全保护等级：%1</source>
        <translation>Security level: %1</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="283"/>
        <source>专家评审</source>
        <translation>Expert review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="284"/>
        <source>第二级以上的定级对象应组织专家评审。尚未评审可留空，之后再次定级时补录。</source>
        <translation>Objects of level 2 and above need an expert review. Leave it empty if not yet done and record it when grading again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="287"/>
        <source>尚未评审</source>
        <translation>Not yet reviewed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="288"/>
        <source>评审通过</source>
        <translation>Review passed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="289"/>
        <source>评审未通过</source>
        <translation>Review failed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="290"/>
        <source>评审结论</source>
        <translation>Review result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="292"/>
        <source>评审日期</source>
        <translation>Review date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="294"/>
        <source>姓名，用顿号分隔</source>
        <translation>Names, separated by 、</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="295"/>
        <source>评审专家</source>
        <translation>Experts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="299"/>
        <source>评审意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="319"/>
        <source>请填写评审日期</source>
        <translation>Enter the review date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="321"/>
        <source>请填写评审专家</source>
        <translation>Enter the experts</translation>
    </message>
</context>
<context>
    <name>SelfCheckDialog</name>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="192"/>
        <source>%1 %2，%3项控制点：符合%4，部分符合%5，不符合%6，不适用%7，未判定%8。</source>
        <translation>%1 %2, %3 control points: compliant %4, partly compliant %5, non-compliant %6, not applicable %7, not judged %8.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="199"/>
        <source>%1项沿用上一年度结论，尚未复核。</source>
        <translation>%1 verdicts carried over from last year, not yet reviewed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="204"/>
        <source>下次自查：%1</source>
        <translation>Next self-inspection: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="134"/>
        <source>不符合、部分符合项登记为问题（来源：自查），按风险确定整改期限</source>
        <translation>Non-compliant and partly compliant items become findings (source: self-inspection) with deadlines by risk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="119"/>
        <source>不符合或部分符合的原因、现状（Ctrl+Enter 保存）</source>
        <translation>Why non-compliant or partly compliant, current state (Ctrl+Enter saves)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="290"/>
        <source>保存自查报告</source>
        <translation>Save self-inspection report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="140"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="90"/>
        <source>安全类</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="279"/>
        <source>完成后结论不能再修改，不符合和部分符合项将登记为问题。继续吗？</source>
        <translation>After completion the verdicts cannot be changed, and non-compliant and partly compliant items are recorded as findings. Continue?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="278"/>
        <source>完成自查</source>
        <translation>Complete self-inspection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="133"/>
        <source>完成自查(&amp;C)…</source>
        <translation>&amp;Complete self-inspection…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="299"/>
        <location filename="../../desktop/ui/selfcheck.py" line="303"/>
        <source>导出自查表</source>
        <translation>Export checklist</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="138"/>
        <source>导出自查表(&amp;X)…</source>
        <translation>E&amp;xport checklist…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="201"/>
        <source>已于%1完成，登记问题%2项。</source>
        <translation>Completed on %1; %2 findings recorded.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="157"/>
        <source>已完成</source>
        <translation>completed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="304"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="54"/>
        <source>年度：</source>
        <translation>Year:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="90"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="136"/>
        <source>打印自查报告(&amp;P)…</source>
        <translation>&amp;Print self-inspection report…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="61"/>
        <source>按对象的等级和扩展场景生成自查表；上一年度的结论会沿用，只需复核变化</source>
        <translation>Builds the checklist for the object&apos;s level and extension scenarios; last year&apos;s verdicts are carried over, so only changes need review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="90"/>
        <source>控制点</source>
        <translation>Control point</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="60"/>
        <source>新建本年度自查(&amp;N)</source>
        <translation>&amp;New self-inspection for this year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="91"/>
        <location filename="../../desktop/ui/selfcheck.py" line="123"/>
        <location filename="../../desktop/ui/selfcheck.py" line="124"/>
        <source>检查人</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="92"/>
        <source>沿用</source>
        <translation>Carried</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="86"/>
        <source>沿用上年</source>
        <translation>from last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="265"/>
        <source>添加证明材料</source>
        <translation>Add evidence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="131"/>
        <source>添加证明材料(&amp;A)…</source>
        <translation>&amp;Add evidence…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="91"/>
        <source>结论</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="190"/>
        <source>结论待确认：%1</source>
        <translation>Conclusion to be confirmed: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="189"/>
        <source>结论：%1</source>
        <translation>Conclusion: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="49"/>
        <source>自查 — %1</source>
        <translation>Self-inspection — %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="56"/>
        <source>自查年度</source>
        <translation>Self-inspection year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="96"/>
        <source>自查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="92"/>
        <source>证明材料</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="165"/>
        <source>该对象还没有自查记录。请点“新建本年度自查”。</source>
        <translation>This object has no self-inspection yet. Click “New self-inspection for this year”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="91"/>
        <location filename="../../desktop/ui/selfcheck.py" line="118"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="116"/>
        <source>说明：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="265"/>
        <source>请先选中一个控制点。</source>
        <translation>Select one control point first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="157"/>
        <source>进行中</source>
        <translation>in progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="267"/>
        <source>选择证明材料</source>
        <translation>Choose evidence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="66"/>
        <source>部分符合计分</source>
        <translation>Weight of partly compliant</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="64"/>
        <source>部分符合计分：</source>
        <translation>Partly compliant counts:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="74"/>
        <source>重大风险隐患数量</source>
        <translation>Number of major hazards</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/selfcheck.py" line="71"/>
        <source>重大风险隐患：</source>
        <translation>Major hazards:</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="98"/>
        <source>服务器密码</source>
        <translation>Server password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="99"/>
        <source>连接 %1 的密码（保存在系统凭据管理器中）：</source>
        <translation>Password for %1 (kept in the system credential manager):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="116"/>
        <source>连接服务器</source>
        <translation>Connect to a server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="119"/>
        <source>一个部门共用台账时，可以把台账放在 PostgreSQL 服务器上。填写服务器地址（不含密码），密码只保存在本机的系统凭据管理器中。重启程序后生效；清除地址即回到本机台账文件。</source>
        <translation>When a department shares one ledger, it can live on a PostgreSQL server. Enter the server address (without the password); the password is kept only in this computer&apos;s credential manager. Takes effect after a restart; clear the address to go back to the local ledger file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="127"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="134"/>
        <source>连接加密</source>
        <translation>Connection encryption</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="138"/>
        <source>验证服务器证书时必填：单位 CA 证书文件（.crt/.pem）</source>
        <translation>Required to verify the server&apos;s certificate: your organisation&apos;s CA file (.crt/.pem)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="139"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="143"/>
        <source>CA 证书</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="145"/>
        <source>保存并设置密码…</source>
        <translation>Save and set password…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="147"/>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="149"/>
        <source>清除（使用本机文件）</source>
        <translation>Clear (use the local file)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="163"/>
        <source>当前使用：服务器 %1</source>
        <translation>In use now: server %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="165"/>
        <source>当前使用：本机文件 %1</source>
        <translation>In use now: local file %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="176"/>
        <source>当前登录</source>
        <translation>Logged in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="178"/>
        <source>正在询问服务器…</source>
        <translation>Asking the server…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="187"/>
        <source>账户</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="188"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="189"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="190"/>
        <source>连接</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="194"/>
        <source>服务器未回答</source>
        <translation>The server did not answer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="197"/>
        <source>未分角色</source>
        <translation>No role</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="198"/>
        <source>（只读）</source>
        <translation>(read-only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="203"/>
        <source>服务器未回答：%1</source>
        <translation>The server did not answer: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="210"/>
        <source>选择 CA 证书</source>
        <translation>Choose CA certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="210"/>
        <source>证书 (*.crt *.pem *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.crt *.pem *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="239"/>
        <source>无法把密码保存到系统凭据管理器：%1</source>
        <translation>Could not save the password in the system credential manager: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="242"/>
        <source>已保存。重启程序后连接服务器 %1。</source>
        <translation>Saved. The program connects to %1 after a restart.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="247"/>
        <source>已清除。重启程序后使用本机台账文件。</source>
        <translation>Cleared. The program uses the local ledger file after a restart.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="256"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="261"/>
        <source>连接成功：%1</source>
        <translation>Connected: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serverconn.py" line="268"/>
        <source>连接失败：%1</source>
        <translation>Connection failed: %1</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../desktop/ui/settings.py" line="44"/>
        <source>界面语言（重启后生效）</source>
        <translation>Language (after restart)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings.py" line="51"/>
        <source>工作台显示多少天内到期的事项</source>
        <translation>Dashboard shows items due within (days)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings.py" line="59"/>
        <source>附件大小上限（MB）</source>
        <translation>Maximum attachment size (MB)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings.py" line="63"/>
        <source>上次打开的台账</source>
        <translation>Last opened ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings.py" line="65"/>
        <source>连接服务器（重启后生效）</source>
        <extracomment>a PostgreSQL URL without its password (the password is in the OS keyring); set in 设置 → 服务器</extracomment>
        <translation>Server connection (after restart)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings.py" line="70"/>
        <source>关闭有未保存修改的编辑窗口时提示</source>
        <translation>Ask before closing an editor with unsaved changes</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="85"/>
        <source>节假日安排</source>
        <translation>Holidays</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="58"/>
        <location filename="../../desktop/ui/settingspage.py" line="95"/>
        <source>选项</source>
        <extracomment>settings edited elsewhere (not in the 选项 form)</extracomment>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="82"/>
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="83"/>
        <source>审计记录</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="84"/>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="124"/>
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="127"/>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="128"/>
        <source>加密</source>
        <translation>Encryption</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="128"/>
        <source>是（SQLCipher，密钥在系统凭据管理器中）</source>
        <translation>Yes (SQLCipher, key in the system credential store)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="128"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="129"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="129"/>
        <source>服务器（PostgreSQL）</source>
        <translation>Server (PostgreSQL)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="129"/>
        <source>本机文件</source>
        <translation>Local file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="130"/>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="132"/>
        <source>口令…</source>
        <translation>Passphrase…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="133"/>
        <source>设置、更改或删除打开台账的口令（不重新加密台账）</source>
        <translation>Set, change or remove the passphrase that opens the ledger (the ledger is not re-encrypted)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="135"/>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settingspage.py" line="137"/>
        <source>备份、恢复与完整性检查也可用命令行工具 dengbao-cli 完成。</source>
        <translation>Backup, restore and integrity checks are also available in the dengbao-cli command-line tool.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="106"/>
        <source>定级对象与日期</source>
        <translation>Object and date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="107"/>
        <source>定级结果按定级日期当天有效的规则确定。</source>
        <translation>The level follows the rule set in force on the grading date.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="111"/>
        <source>定级对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="115"/>
        <source>定级日期 *</source>
        <translation>Grading date *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="121"/>
        <source>适用规则</source>
        <translation>Rule set</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="123"/>
        <source>填表人</source>
        <translation>Filled in by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="125"/>
        <source>当前等级：%1。保存后原定级记录标记为“已被重新定级取代”，历史保留。</source>
        <translation>Current level: %1. Saving marks the earlier grading as superseded; its history is kept.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="140"/>
        <source>请填写正确的日期，如 2025-06-01</source>
        <translation>Enter a valid date, e.g. 2025-06-01</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wizard.py" line="142"/>
        <source>定级日期不能晚于今天</source>
        <translation>The grading date cannot be later than today</translation>
    </message>
</context>
<context>
    <name>StorageEdit</name>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="149"/>
        <source>云平台</source>
        <translation>Cloud platform</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="149"/>
        <source>如：河北省政务云平台</source>
        <translation>e.g. Hebei government cloud</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="150"/>
        <source>机房</source>
        <translation>Machine room</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="150"/>
        <source>机房名称</source>
        <translation>Machine room name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="151"/>
        <source>地域</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/datacategory_widgets.py" line="151"/>
        <source>如：河北省石家庄市</source>
        <translation>e.g. Shijiazhuang, Hebei</translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="45"/>
        <source>无法打开台账</source>
        <translation>Cannot open the ledger</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="48"/>
        <source>可以用最近的备份替换损坏的台账：%1
程序会先把损坏的文件原样保存到备份文件夹，并在替换前完整校验备份。备份之后所做的修改不在其中。</source>
        <translation>The damaged ledger can be replaced with the latest backup: %1
The program first keeps the damaged file as it is in the backup folder and verifies the backup completely before replacing anything. Changes made after the backup are not in it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="51"/>
        <source>从最近的备份恢复</source>
        <translation>Restore the latest backup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="52"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="60"/>
        <source>未能恢复</source>
        <translation>Restore failed</translation>
    </message>
</context>
</TS>
