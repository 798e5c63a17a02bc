SELECT set_config('no_such_setting', 'x', false)
;;
SELECT set_config(NULL, 'x', false)
