"""Who the program is, written once: every folder, settings key, keyring entry and title reads it here.

Changing a value moves the user's data: :data:`APP_NAME` and :data:`APP_AUTHOR` name the per-user data
and log folders (``platformdirs``) and the Qt settings (``HKCU\\Software\\Dengbao\\DengbaoLedger`` on
Windows, also named in ``installers/dengbao.iss``); :data:`KEYRING_SERVICE` names the ledger keys
already stored in the operating system's credential store.

Qt's ``tr()`` needs literal text to translate, so the window title and the application display name
keep their own ``"等保台账"`` literal (``lupdate`` reads it from the source); they must stay equal to
:data:`APP_TITLE`.
"""

from __future__ import annotations

#: folder name under the per-user data/log folders; the Qt application name
APP_NAME = "DengbaoLedger"
#: publisher folder above :data:`APP_NAME`; the Qt organisation name
APP_AUTHOR = "Dengbao"
#: the name the user sees
APP_TITLE = "等保台账"
#: the Latin-script name (PDF metadata, version resources)
APP_TITLE_LATIN = "Dengbao Ledger"
#: producer/creator line of the documents the program writes
APP_CREATOR = f"{APP_TITLE} ({APP_TITLE_LATIN})"

#: the installed distribution (``pyproject.toml``), whose metadata gives the program's version
DISTRIBUTION = "dengbao-ledger"
#: the window program and the command line (executables, ``argparse`` prog names, desktop file)
GUI_PROGRAM = "dengbao"
CLI_PROGRAM = "dengbao-cli"

#: keyring service under which each ledger file's key is stored (account: the file's path)
KEYRING_SERVICE = "dengbao-ledger"
#: keyring service under which a server ledger's password is stored (account: the server URL)
SERVER_KEYRING_SERVICE = "dengbao-ledger-server"
