; Inno Setup 6 script: UnionDesk installer for Windows (a user without administrator rights can install it).
; Build (CI does this: .github/workflows/package.yml):
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\uniondesk.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\uniondesk.iss      -> dist\UnionDesk-0.1.0-setup.exe
; The Chinese wizard text needs ChineseSimplified.isl (an unofficial Inno translation) in Inno's Languages folder;
; CI downloads it from jrsoftware/issrc. Saved as UTF-8 with BOM (Inno reads the Chinese strings correctly).
;
; Data: the program keeps its data in %LOCALAPPDATA%\UnionDesk (platformdirs). The uninstaller removes only what
; it installed and deliberately has no [UninstallDelete] for that folder: uninstalling never deletes the union's data.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "工会工作台 UnionDesk"
#define AppExe "UnionDesk.exe"
#define BundleExt ".udbundle"
#define BundleProgId "UnionDesk.Bundle"

[Setup]
AppId={{6F1C2B7E-3D4A-4E59-9B8C-2A7D5E1F0C43}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=UnionDesk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\UnionDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; per-user install by default (no admin rights on many office laptops); admins may choose all users
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=UnionDesk-{#AppVersion}-setup
SetupIconFile=packaging\icons\uniondesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh_CN.DesktopIcon=在桌面创建快捷方式
en.DesktopIcon=Create a desktop shortcut
zh_CN.BundleType=工会工作台上报数据包
en.BundleType=UnionDesk upward bundle
zh_CN.Launch=启动工会工作台
en.Launch=Start UnionDesk

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "dist\UnionDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the program folder's libraries wholesale (old Qt/Python files must not linger)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; file association for the upward bundle (HKA = per-user or per-machine, following the install mode)
Root: HKA; Subkey: "Software\Classes\{#BundleExt}"; ValueType: string; ValueName: ""; ValueData: "{#BundleProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#BundleExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-uniondesk-bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:BundleType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#BundleProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#BundleExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent
