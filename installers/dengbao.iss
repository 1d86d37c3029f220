; 等保台账 (Dengbao Ledger) — Inno Setup 6 script (6.5 or newer: it ships ChineseSimplified.isl).
;
; Built by installers/build.py, which passes the version and the paths:
;   ISCC /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 /DSourceDir=...\dist\dengbao
;        /DOutputDir=...\dist /DRepoDir=... installers\dengbao.iss
;
; - per-user install without administrator rights (PrivilegesRequired=lowest) into
;   %LOCALAPPDATA%\Programs\DengbaoLedger; an administrator may choose "all users" in the dialog;
; - upgrades in place: the AppId below never changes; the old _internal folder is removed first so
;   no stale library or migration file survives; the ledger is never touched;
; - the uninstaller keeps the ledger, its backups and the settings unless the user ticks the box
;   (or passes /DELETEDATA to a silent uninstall).
;
; This file is UTF-8 with a byte-order mark (Inno Setup needs the BOM for the Chinese text).

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=1.2.3 dengbao.iss (installers/build.py does this)
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "dist\dengbao"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "dist"
#endif
#ifndef RepoDir
  #define RepoDir AddBackslash(SourcePath) + ".."
#endif

#define AppName "等保台账"
#define AppNameEn "Dengbao Ledger"
#define AppPublisher "Dengbao Ledger developers"
#define AppExe "dengbao.exe"
; must match platformdirs.user_data_dir("DengbaoLedger", "Dengbao", roaming=False) in db/storage.py
#define DataParent "{localappdata}\Dengbao"
#define DataDir "{localappdata}\Dengbao\DengbaoLedger"
; QSettings(organisation "Dengbao", application "DengbaoLedger") in the registry
#define SettingsKey "Software\Dengbao\DengbaoLedger"
#define AppIcon AddBackslash(RepoDir) + "resources\icons\dengbao.ico"

#if !FileExists(AddBackslash(SourceDir) + AppExe)
  #error The frozen program is missing: run python installers\build.py (PyInstaller) first
#endif

[Setup]
; never change the AppId: it is how an upgrade finds the installed copy
AppId={{B01A7492-B2C2-4A6B-BA91-9427FF4DE60B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=© {#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName={#AppName} {#AppNameEn}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\DengbaoLedger
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
WizardStyle=modern
OutputDir={#OutputDir}
OutputBaseFilename=DengbaoLedger-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
UninstallDisplayName={#AppName} {#AppVersion}
UninstallDisplayIcon={app}\{#AppExe}
SetupLogging=yes
#if FileExists(AppIcon)
SetupIconFile={#AppIcon}
#endif

[Languages]
; Chinese first: it is the default when Windows' language matches neither
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
  #error Languages\ChineseSimplified.isl not found: install Inno Setup 6.5 or newer (it ships the file), or copy it from https://jrsoftware.org/files/istrans/ into the Inno Setup Languages folder
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.DataFormCaption=保留台账数据？
chinesesimplified.DataFormText=等保台账的数据（台账文件、升级前自动保存的副本和备份、程序设置）保存在：%n%1%n%n默认保留这些数据，重新安装后可以继续使用。
chinesesimplified.DataFormCheck=同时永久删除台账数据、备份和设置(&D)
chinesesimplified.DataConfirm=确定要永久删除以下文件夹中的全部台账数据和备份吗？%n%n%1%n%n此操作无法撤销。如需保留，请先把台账文件复制到其他位置。
chinesesimplified.DataDeleteFailed=部分数据未能删除，请手动删除：%n%1
chinesesimplified.ShortcutComment=网络安全等级保护工作台账
english.DataFormCaption=Keep the ledger data?
english.DataFormText=Dengbao Ledger keeps its data (the ledger file, copies made before upgrades, backups and settings) in:%n%1%n%nThey are kept by default so a reinstalled program can open them again.
english.DataFormCheck=Also &delete the ledger data, backups and settings permanently
english.DataConfirm=Permanently delete all ledger data and backups in%n%n%1%n%nThis cannot be undone. Copy the ledger file elsewhere first if you may need it.
english.DataDeleteFailed=Some data could not be deleted; please remove it by hand:%n%1
english.ShortcutComment=Graded-protection (MLPS) work ledger

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; the previous version's program files: stale libraries or migration scripts must not survive an upgrade
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:ShortcutComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
; files the program may create beside itself (e.g. __pycache__ under _internal); never the data folder
Type: filesandordirs; Name: "{app}\_internal"

[Code]
var
  DeleteUserData: Boolean;

function UserDataDir(): String;
begin
  Result := ExpandConstant('{#DataDir}');
end;

function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

{ The uninstaller has no wizard pages, so the question is a small form with one checkbox, unticked. }
function AskDeleteUserData(): Boolean;
var
  Form: TSetupForm;
  Info: TNewStaticText;
  Check: TNewCheckBox;
  OkButton: TNewButton;
begin
#if Ver >= EncodeVer(6, 6, 0)
  Form := CreateCustomForm(460, 210, True, True);
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(460);
  Form.ClientHeight := ScaleY(210);
#endif
  try
    Form.Caption := CustomMessage('DataFormCaption');

    Info := TNewStaticText.Create(Form);
    Info.Parent := Form;
    Info.Left := ScaleX(16);
    Info.Top := ScaleY(16);
    Info.Width := Form.ClientWidth - ScaleX(32);
    Info.WordWrap := True;
    Info.Caption := FmtMessage(CustomMessage('DataFormText'), [UserDataDir()]);

    Check := TNewCheckBox.Create(Form);
    Check.Parent := Form;
    Check.Left := ScaleX(16);
    Check.Top := Info.Top + Info.Height + ScaleY(12);
    Check.Width := Form.ClientWidth - ScaleX(32);
    Check.Height := ScaleY(20);
    Check.Caption := CustomMessage('DataFormCheck');
    Check.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := SetupMessage(msgButtonOK);
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - OkButton.Width - ScaleX(16);
    OkButton.Top := Form.ClientHeight - OkButton.Height - ScaleY(12);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;
    Form.ActiveControl := OkButton;

    Form.ShowModal();
    Result := Check.Checked;
  finally
    Form.Free();
  end;
  if Result then
    Result := MsgBox(FmtMessage(CustomMessage('DataConfirm'), [UserDataDir()]),
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    { /DELETEDATA removes the data in a silent uninstall; otherwise ask, defaulting to keep }
    DeleteUserData := HasSwitch('/DELETEDATA');
    if (not DeleteUserData) and (not UninstallSilent()) and DirExists(UserDataDir()) then
      DeleteUserData := AskDeleteUserData();
  end;
  if (CurUninstallStep = usPostUninstall) and DeleteUserData then
  begin
    if DirExists(UserDataDir()) and not DelTree(UserDataDir(), True, True, True) then
      if not UninstallSilent() then
        MsgBox(FmtMessage(CustomMessage('DataDeleteFailed'), [UserDataDir()]), mbError, MB_OK);
    RemoveDir(ExpandConstant('{#DataParent}'));  { only if now empty }
    RegDeleteKeyIncludingSubkeys(HKCU, '{#SettingsKey}');
    RegDeleteKeyIfEmpty(HKCU, 'Software\Dengbao');
  end;
end;
